import type { MessageKey } from '../../platform/i18n/index.js';
import type { Role } from '../../platform/db/schema.js';

/** The staff accounts a coordinator manages: facilitators, and elected officials and funders (read-only). */
export type AccountKind = Extract<Role, 'facilitator' | 'elected'>;

export interface AccountKindSpec {
  /** The staff role of these accounts: every query is scoped by it, and by territory. */
  role: AccountKind;
  /** The list's address; `<path>/nouveau` and `<path>/<id>` follow. */
  path: string;
  /** Facilitators are linked to the workshops they can lead; elected accounts have none. */
  workshops: boolean;
  text: { title: MessageKey; new: MessageKey; edit: MessageKey; intro?: MessageKey };
}

export const ACCOUNT_KINDS: Record<AccountKind, AccountKindSpec> = {
  facilitator: {
    role: 'facilitator',
    path: '/equipe/animateurs',
    workshops: true,
    text: { title: 'planning.facilitators.title', new: 'planning.facilitators.new', edit: 'planning.facilitators.edit' },
  },
  elected: {
    role: 'elected',
    path: '/equipe/elus',
    workshops: false,
    text: { title: 'planning.elected.title', new: 'planning.elected.new', edit: 'planning.elected.edit', intro: 'planning.elected.intro' },
  },
};
