import { t } from '../platform/i18n/index.js';
import { SelectField, type FieldErrors } from '../platform/layout/forms.js';
import type { OfficialDepartment, OfficialEpci } from './official.js';

/**
 * The first step of choosing a territory without script (the first-run page, a new territory): a GET
 * form that names the department, so that the next step lists only its EPCIs.
 */
export function DepartmentChoice(props: { action: string; label: string; departments: OfficialDepartment[]; department: string | undefined; errors: FieldErrors }) {
  const { department, errors } = props;
  return (
    <form method="get" action={props.action} class="inline-choice">
      <SelectField
        name="departement"
        label={props.label}
        hint={t('setup.department.hint')}
        value={department}
        errors={department || !errors.departement ? {} : errors}
        placeholder="—"
        options={props.departments.map((d) => ({ value: d.code, label: `${d.code} — ${d.name}` }))}
      />
      <button type="submit" class="button button-secondary">
        {t('setup.department.choose')}
      </button>
    </form>
  );
}

/** The second step: the department's EPCIs, each with its number of communes. */
export function EpciField(props: { label: string; epcis: OfficialEpci[]; value: string | undefined; errors: FieldErrors }) {
  return (
    <SelectField
      name="epci"
      label={props.label}
      hint={t('setup.epci.hint')}
      value={props.value}
      errors={props.errors}
      required
      placeholder="—"
      options={props.epcis.map((e) => ({ value: e.code, label: t('setup.epci.members', { name: e.name, count: e.memberCodes.length }) }))}
    />
  );
}
