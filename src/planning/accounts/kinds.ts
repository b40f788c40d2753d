import type { MessageKey } from '../../platform/i18n/index.js';
import type { Role } from '../../platform/db/schema.js';

/** The staff accounts a coordinator manages: facilitators, elected officials and funders (read-only), partners' accounts (each bound to its partner). */
export type AccountKind = Extract<Role, 'facilitator' | 'elected' | 'partner'>;

export interface AccountKindSpec {
  /** The staff role of these accounts: every query is scoped by it, and by territory. */
  role: AccountKind;
  /** The list's address; `<path>/nouveau` and `<path>/<id>` follow. */
  path: string;
  /** Facilitators are linked to the workshops they can lead; elected accounts have none. */
  workshops: boolean;
  /** Partner accounts are bound to one partner of the territory (they see its referrals only). */
  partner: boolean;
  text: { title: MessageKey; new: MessageKey; edit: MessageKey; intro?: MessageKey };
}

export const ACCOUNT_KINDS: Record<AccountKind, AccountKindSpec> = {
  facilitator: {
    role: 'facilitator',
    path: '/equipe/animateurs',
    workshops: true,
    partner: false,
    text: { title: 'planning.facilitators.title', new: 'planning.facilitators.new', edit: 'planning.facilitators.edit' },
  },
  elected: {
    role: 'elected',
    path: '/equipe/elus',
    workshops: false,
    partner: false,
    text: { title: 'planning.elected.title', new: 'planning.elected.new', edit: 'planning.elected.edit', intro: 'planning.elected.intro' },
  },
  partner: {
    role: 'partner',
    path: '/equipe/partenaires/comptes',
    workshops: false,
    partner: true,
    text: { title: 'planning.partner_accounts.title', new: 'planning.partner_accounts.new', edit: 'planning.partner_accounts.edit', intro: 'planning.partner_accounts.intro' },
  },
};
