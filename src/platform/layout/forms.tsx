import type { ComponentChildren } from 'preact';
import { t } from '../i18n/index.js';

/** Errors of a form, by field name; messages are already French. */
export type FieldErrors = Record<string, string>;

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** The list of errors at the top of a form, linking to each field (RGAA 11.10). */
export function ErrorSummary({ errors, labels }: { errors: FieldErrors; labels: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} id="erreurs">
      <p>{t('form.errors.summary', { count: entries.length })}</p>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            {/* a message about the whole form has no field to go to */}
            {field === '_form' ? message : <a href={`#${field}`}>{`${labels[field] ?? field} : ${message}`}</a>}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  errors: FieldErrors;
  hint?: string | undefined;
  required?: boolean;
}

function FieldFrame({ name, label, errors, hint, required, children }: FieldProps & { children: ComponentChildren }) {
  const error = errors[name];
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={name}>
        {label}
        {required ? <span class="required"> ({t('form.required').toLowerCase()})</span> : null}
      </label>
      {hint ? (
        <p class="hint" id={`${name}-aide`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={`${name}-erreur`}>
          {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

function describedBy(name: string, hint: string | undefined, error: string | undefined) {
  const ids = [hint ? `${name}-aide` : '', error ? `${name}-erreur` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function TextField(
  props: FieldProps & { value?: string | undefined; type?: 'text' | 'email' | 'password' | 'tel' | 'url' | 'search' | 'date' | 'time';
    inputMode?: 'numeric' | 'decimal'; autocomplete?: string; maxLength?: number },
) {
  const { name, hint, errors, required, value, type = 'text', autocomplete, maxLength, inputMode } = props;
  // preact types <input> as a union keyed by `type`; a field whose type is a prop needs the loose form
  const inputAttributes: Record<string, unknown> = {
    id: name,
    name,
    type,
    value: type === 'password' ? '' : (value ?? ''),
    required,
    autoComplete: autocomplete,
    maxLength,
    inputMode,
    'aria-invalid': errors[name] ? 'true' : undefined,
    'aria-describedby': describedBy(name, hint, errors[name]),
  };
  return (
    <FieldFrame {...props}>
      <input {...inputAttributes} />
    </FieldFrame>
  );
}

export function SelectField(
  props: FieldProps & { value?: string | undefined; options: Array<{ value: string; label: string }>; placeholder?: string },
) {
  const { name, hint, errors, required, value, options, placeholder } = props;
  return (
    <FieldFrame {...props}>
      <select
        id={name}
        name={name}
        required={required}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, errors[name])}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField({ name, label, checked, errors, hint }: { name: string; label: string; checked: boolean; errors: FieldErrors; hint?: string }) {
  const error = errors[name];
  return (
    <div class={error ? 'field field-checkbox field-error' : 'field field-checkbox'}>
      {error ? (
        <p class="error-message" id={`${name}-erreur`}>
          {error}
        </p>
      ) : null}
      <input
        type="checkbox"
        id={name}
        name={name}
        value="1"
        checked={checked}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
      />
      <label for={name}>{label}</label>
      {hint ? (
        <p class="hint" id={`${name}-aide`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function TextAreaField(props: FieldProps & { value?: string | undefined; rows?: number; maxLength?: number }) {
  const { name, hint, errors, required, value, rows = 4, maxLength } = props;
  return (
    <FieldFrame {...props}>
      <textarea
        id={name}
        name={name}
        rows={rows}
        required={required}
        maxLength={maxLength}
        aria-invalid={errors[name] ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, errors[name])}
      >
        {value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

/** A group's legend (the question), its hint and its error, tied to the fieldset by their ids. */
function GroupHeader({ name, legend, hint, error, required }: { name: string; legend: string; hint: string | undefined; error: string | undefined; required: boolean | undefined }) {
  return (
    <>
      <legend>
        {legend}
        {required ? <span class="required"> ({t('form.required').toLowerCase()})</span> : null}
      </legend>
      {hint ? (
        <p class="hint" id={`${name}-aide`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={`${name}-erreur`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

/** Several choices of one question (days, times of day): a fieldset whose legend is the question. */
export function CheckboxGroup({ name, legend, options, checked, errors, hint, required }: { name: string; legend: string; options: Array<{ value: string; label: string }>; checked: string[]; errors: FieldErrors; hint?: string; required?: boolean }) {
  const error = errors[name];
  return (
    <fieldset id={name} class={error ? 'field-error checkbox-group' : 'checkbox-group'} aria-describedby={describedBy(name, hint, error)}>
      <GroupHeader name={name} legend={legend} hint={hint} error={error} required={required} />
      {options.map((o) => (
        <div class="field field-checkbox" key={o.value}>
          <input type="checkbox" id={`${name}-${o.value}`} name={name} value={o.value} checked={checked.includes(o.value)} />
          <label for={`${name}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** One choice among a few (a score, yes or no): a fieldset of radio buttons whose legend is the question. */
export function RadioGroup({ name, legend, options, value, errors, hint, required, inline }: { name: string; legend: string; options: Array<{ value: string; label: string }>; value: string | undefined; errors: FieldErrors; hint?: string; required?: boolean; inline?: boolean }) {
  const error = errors[name];
  const classes = ['radio-group', inline ? 'radio-group-inline' : '', error ? 'field-error' : ''].filter(Boolean).join(' ');
  return (
    <fieldset id={name} class={classes} aria-describedby={describedBy(name, hint, error)}>
      <GroupHeader name={name} legend={legend} hint={hint} error={error} required={required} />
      <div class="radio-options">
        {options.map((o) => (
          <div class="field field-radio" key={o.value}>
            <input type="radio" id={`${name}-${o.value}`} name={name} value={o.value} checked={value === o.value} required={required} />
            <label for={`${name}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** The file field of an upload form (`fichier`), built like the other fields: label, hint, the error beside it, described by both. */
export function FileField({ label, hint, accept, errors }: { label: string; hint: string; accept: string; errors: FieldErrors }) {
  const error = errors.fichier;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for="fichier">
        {label}
        <span class="required"> ({t('form.required').toLowerCase()})</span>
      </label>
      <p class="hint" id="fichier-aide">
        {hint}
      </p>
      {error ? (
        <p class="error-message" id="fichier-erreur">
          {error}
        </p>
      ) : null}
      <input type="file" id="fichier" name="fichier" accept={accept} required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'fichier-aide fichier-erreur' : 'fichier-aide'} />
    </div>
  );
}
