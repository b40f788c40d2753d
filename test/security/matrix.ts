import type { World, RoleName } from './world.js';

/**
 * The permission matrix: every route of the app, the concrete URL it is tried at (built from the
 * fixture world), and who gets through, as one of the access rules below. Adding a route is adding
 * one line here (see docs/security.md); permissions.test.ts fails for a route
 * without its line and for a line without its route.
 */

/**
 * What a role gets: through ('ok'), sent to a sign-in page ('signin'), or the 404 of a page that does not
 * exist ('denied'); 'signedOut' is a sign-in page reached by signing out (its session closed: a write).
 */
export type Outcome = 'ok' | 'signin' | 'denied' | 'signedOut';

const STAFF: RoleName[] = ['facilitator', 'otherFacilitator', 'partner', 'otherPartner', 'coordinator', 'administrator', 'elected'];
const PARTICIPANTS: RoleName[] = ['participant', 'otherParticipant'];

/** Staff pages: anonymous visitors and participants are sent to the staff sign-in page; staff outside `allowed` get the 404. */
function staffOnly(...allowed: RoleName[]): Record<RoleName, Outcome> {
  const out = { anonymous: 'signin' } as Record<RoleName, Outcome>;
  for (const r of PARTICIPANTS) out[r] = 'signin';
  for (const r of STAFF) out[r] = allowed.includes(r) ? 'ok' : 'denied';
  return out;
}

/** Participants' pages: anonymous visitors and staff are sent to the participants' sign-in page; participants outside `allowed` get the 404. */
function participantsOnly(...allowed: RoleName[]): Record<RoleName, Outcome> {
  const out = { anonymous: 'signin' } as Record<RoleName, Outcome>;
  for (const r of STAFF) out[r] = 'signin';
  for (const r of PARTICIPANTS) out[r] = allowed.includes(r) ? 'ok' : 'denied';
  return out;
}

const everyone = (outcome: Outcome) => Object.fromEntries(['anonymous', ...PARTICIPANTS, ...STAFF].map((r) => [r, outcome])) as Record<RoleName, Outcome>;

export const RULES = {
  /** Anyone, signed in or not. */
  public: everyone('ok'),
  /** Anyone holding the link: the secret in the URL is the credential (survey, request, unsubscribe, diagnostic result). */
  link: everyone('ok'),
  /** Once the first administrator exists, the setup wizard sends everyone to the sign-in page. */
  setupDone: everyone('signin'),
  /** Signing out: staff are signed out (their session closed) and everyone ends on the sign-in page. */
  signout: { ...staffOnly(), ...Object.fromEntries(STAFF.map((r) => [r, 'signedOut'])) },
  /** Any participant signed in to « Mes inscriptions » (each sees their own). */
  participant: participantsOnly('participant', 'otherParticipant'),
  /** The participant the object belongs to (P); another participant (Q) gets the 404. */
  participantOwner: participantsOnly('participant'),
  /** A member of the directory (P); a participant outside it (Q) gets the 404. */
  directoryMember: participantsOnly('participant'),
  /** Any staff account. */
  staff: staffOnly(...STAFF),
  /** The coordination: coordinators and administrators of the territory. */
  planner: staffOnly('coordinator', 'administrator'),
  /** Whoever may lead sessions (« Mes séances »): facilitators and the coordination. */
  sessionLeader: staffOnly('facilitator', 'otherFacilitator', 'coordinator', 'administrator'),
  /** The facilitator of the session (A) and the coordination; another facilitator (B) gets the 404. */
  facilitatorOfSession: staffOnly('facilitator', 'coordinator', 'administrator'),
  /** Referral lists: the coordination and every partner account (each sees its chamber's). */
  referralReader: staffOnly('partner', 'otherPartner', 'coordinator', 'administrator'),
  /** One referral: the coordination and the partner of its chamber (X); another chamber's partner (Y) gets the 404. */
  partnerOfReferral: staffOnly('partner', 'coordinator', 'administrator'),
  /** The results: the coordination and the elected officials. */
  resultsReader: staffOnly('coordinator', 'administrator', 'elected'),
  /** Administrators only. */
  admin: staffOnly('administrator'),
} satisfies Record<string, Record<RoleName, Outcome>>;
export type Rule = keyof typeof RULES;

export interface Row {
  /** `METHOD path-pattern`, exactly as in app.routeTable. */
  route: string;
  url: (w: World) => string | Promise<string>;
  rule: Rule;
  /** POST: the fields sent besides the CSRF token (an empty form unless given). */
  body?: Record<string, string> | ((w: World) => Promise<Record<string, string>> | Record<string, string>);
  /** POST: played after every other row (it changes the world the others rely on: signing out, leaving, cancelling). */
  late?: boolean;
}

const r = (route: string, url: string | Row['url'], rule: Rule, extra: Pick<Row, 'body' | 'late'> = {}): Row => ({ route, url: typeof url === 'string' ? () => url : url, rule, ...extra });

// HEAD routes are Fastify's automatic copies of the GET routes: the test plays the GET only.
export const MATRIX: Row[] = [
  // platform, public site, sign-in
  r('GET /static/*', '/static/css/boutic.css', 'public'),
  r('GET /healthz', '/healthz', 'public'),
  r('GET /', '/', 'public'),
  r('GET /accessibilite', '/accessibilite', 'public'),
  r('GET /mentions-legales', '/mentions-legales', 'public'),
  r('GET /equipe/connexion', '/equipe/connexion', 'public'),
  r('POST /equipe/connexion', '/equipe/connexion', 'public'),
  r('POST /equipe/deconnexion', '/equipe/deconnexion', 'signout', { late: true }),
  r('GET /equipe', '/equipe', 'staff'),
  r('GET /mise-en-route', '/mise-en-route', 'setupDone'),
  r('POST /mise-en-route', '/mise-en-route', 'setupDone'),
  // catalogue and feeds
  r('GET /ateliers', '/ateliers', 'public'),
  r('GET /ateliers/:slug', (w) => `/ateliers/${w.workshop.slug}`, 'public'),
  r('GET /seances/:id', (w) => `/seances/${w.session}`, 'public'),
  r('GET /lieux/:slug', (w) => `/lieux/${w.venue.slug}`, 'public'),
  r('GET /calendrier', '/calendrier', 'public'),
  r('GET /agenda.ics', '/agenda.ics', 'public'),
  r('GET /lieux/:slug/agenda.ics', (w) => `/lieux/${w.venue.slug}/agenda.ics`, 'public'),
  r('GET /ateliers/:slug/agenda.ics', (w) => `/ateliers/${w.workshop.slug}/agenda.ics`, 'public'),
  r('GET /programme/:number(^\\d{1,6}).pdf', (w) => `/programme/${w.cycle.number}.pdf`, 'public'),
  r('GET /lieux.csv', '/lieux.csv', 'public'),
  // planning
  r('GET /equipe/seances/planifier', '/equipe/seances/planifier', 'planner'),
  r('POST /equipe/seances/planifier', '/equipe/seances/planifier', 'planner'),
  r('GET /equipe/seances/reprendre', '/equipe/seances/reprendre', 'planner'),
  r('POST /equipe/seances/reprendre', '/equipe/seances/reprendre', 'planner'),
  r('GET /equipe/seances', '/equipe/seances', 'planner'),
  r('GET /equipe/seances/nouvelle', '/equipe/seances/nouvelle', 'planner'),
  r('POST /equipe/seances/nouvelle', '/equipe/seances/nouvelle', 'planner'),
  r('GET /equipe/seances/:id', (w) => `/equipe/seances/${w.session}`, 'planner'),
  r('POST /equipe/seances/:id', (w) => `/equipe/seances/${w.session}`, 'planner'),
  r('POST /equipe/seances/:id/annulation', (w) => `/equipe/seances/${w.spareSession}/annulation`, 'planner', { late: true }),
  r('GET /equipe/ateliers', '/equipe/ateliers', 'planner'),
  r('GET /equipe/ateliers/nouveau', '/equipe/ateliers/nouveau', 'planner'),
  r('POST /equipe/ateliers/nouveau', '/equipe/ateliers/nouveau', 'planner'),
  r('GET /equipe/ateliers/:id', (w) => `/equipe/ateliers/${w.workshop.id}`, 'planner'),
  r('POST /equipe/ateliers/:id', (w) => `/equipe/ateliers/${w.workshop.id}`, 'planner'),
  r('GET /equipe/lieux', '/equipe/lieux', 'planner'),
  r('GET /equipe/lieux/nouveau', '/equipe/lieux/nouveau', 'planner'),
  r('POST /equipe/lieux/nouveau', '/equipe/lieux/nouveau', 'planner'),
  r('GET /equipe/lieux/:id', (w) => `/equipe/lieux/${w.venue.id}`, 'planner'),
  r('POST /equipe/lieux/:id', (w) => `/equipe/lieux/${w.venue.id}`, 'planner'),
  r('GET /equipe/sessions', '/equipe/sessions', 'planner'),
  r('GET /equipe/sessions/nouvelle', '/equipe/sessions/nouvelle', 'planner'),
  r('POST /equipe/sessions/nouvelle', '/equipe/sessions/nouvelle', 'planner'),
  r('GET /equipe/sessions/:id', (w) => `/equipe/sessions/${w.cycle.id}`, 'planner'),
  r('POST /equipe/sessions/:id', (w) => `/equipe/sessions/${w.cycle.id}`, 'planner'),
  // staff accounts
  r('GET /equipe/animateurs', '/equipe/animateurs', 'planner'),
  r('GET /equipe/animateurs/nouveau', '/equipe/animateurs/nouveau', 'planner'),
  r('POST /equipe/animateurs/nouveau', '/equipe/animateurs/nouveau', 'planner'),
  r('GET /equipe/animateurs/:id', (w) => `/equipe/animateurs/${w.staff.facilitator}`, 'planner'),
  r('POST /equipe/animateurs/:id', (w) => `/equipe/animateurs/${w.staff.facilitator}`, 'planner'),
  r('GET /equipe/elus', '/equipe/elus', 'planner'),
  r('GET /equipe/elus/nouveau', '/equipe/elus/nouveau', 'planner'),
  r('POST /equipe/elus/nouveau', '/equipe/elus/nouveau', 'planner'),
  r('GET /equipe/elus/:id', (w) => `/equipe/elus/${w.staff.elected}`, 'planner'),
  r('POST /equipe/elus/:id', (w) => `/equipe/elus/${w.staff.elected}`, 'planner'),
  r('GET /equipe/partenaires/comptes', '/equipe/partenaires/comptes', 'planner'),
  r('GET /equipe/partenaires/comptes/nouveau', '/equipe/partenaires/comptes/nouveau', 'planner'),
  r('POST /equipe/partenaires/comptes/nouveau', '/equipe/partenaires/comptes/nouveau', 'planner'),
  r('GET /equipe/partenaires/comptes/:id', (w) => `/equipe/partenaires/comptes/${w.staff.partner}`, 'planner'),
  r('POST /equipe/partenaires/comptes/:id', (w) => `/equipe/partenaires/comptes/${w.staff.partner}`, 'planner'),
  // registration
  r('GET /equipe/seances/:id/inscrits', (w) => `/equipe/seances/${w.session}/inscrits`, 'planner'),
  r('GET /equipe/seances/:id/inscrits.csv', (w) => `/equipe/seances/${w.session}/inscrits.csv`, 'planner'),
  r('GET /equipe/seances/:id/inscrire', (w) => `/equipe/seances/${w.session}/inscrire`, 'planner'),
  r('POST /equipe/seances/:id/inscrire', (w) => `/equipe/seances/${w.session}/inscrire`, 'planner'),
  r('POST /equipe/inscriptions/:id/deplacement', (w) => `/equipe/inscriptions/${w.otherRegistration}/deplacement`, 'planner'),
  r('POST /equipe/inscriptions/:id/annulation', (w) => `/equipe/inscriptions/${w.otherRegistration}/annulation`, 'planner', { late: true }),
  r('GET /seances/:id/inscription', (w) => `/seances/${w.session}/inscription`, 'public'),
  r('POST /seances/:id/inscription', (w) => `/seances/${w.session}/inscription`, 'public'),
  r('GET /seances/:id/agenda.ics', (w) => `/seances/${w.session}/agenda.ics`, 'public'),
  r('GET /mes-inscriptions/acces', async (w) => `/mes-inscriptions/acces?jeton=${await w.accessLink()}`, 'public'),
  r('GET /mes-inscriptions', '/mes-inscriptions', 'participant'),
  r('POST /mes-inscriptions/:id/annulation', (w) => `/mes-inscriptions/${w.registration}/annulation`, 'participantOwner', { late: true }),
  r('POST /mes-inscriptions/deconnexion', '/mes-inscriptions/deconnexion', 'public', { late: true }),
  r('GET /mes-inscriptions/lien', '/mes-inscriptions/lien', 'public'),
  r('POST /mes-inscriptions/lien', '/mes-inscriptions/lien', 'public'),
  // facilitation
  r('GET /equipe/mes-seances', '/equipe/mes-seances', 'sessionLeader'),
  r('GET /equipe/seances/:id/emargement', (w) => `/equipe/seances/${w.session}/emargement`, 'facilitatorOfSession'),
  r('POST /equipe/seances/:id/emargement/:rid', (w) => `/equipe/seances/${w.session}/emargement/${w.registration}`, 'facilitatorOfSession'),
  r('POST /equipe/seances/:id/sur-place', (w) => `/equipe/seances/${w.session}/sur-place`, 'facilitatorOfSession'),
  r('POST /equipe/seances/:id/cloture', (w) => `/equipe/seances/${w.session}/cloture`, 'facilitatorOfSession', { late: true }),
  r('GET /equipe/seances/:id/feuille-emargement.pdf', (w) => `/equipe/seances/${w.session}/feuille-emargement.pdf`, 'facilitatorOfSession'),
  r('GET /equipe/seances/:id/attestations/:rid', (w) => `/equipe/seances/${w.pastSession}/attestations/${w.pastRegistration}`, 'facilitatorOfSession'),
  r('GET /mes-inscriptions/attestations/:rid', (w) => `/mes-inscriptions/attestations/${w.pastRegistration}`, 'participantOwner'),
  r('GET /attestations/verifier', '/attestations/verifier', 'public'),
  r('GET /equipe/seances/:id/compte-rendu', (w) => `/equipe/seances/${w.pastSession}/compte-rendu`, 'facilitatorOfSession'),
  r('POST /equipe/seances/:id/compte-rendu', (w) => `/equipe/seances/${w.pastSession}/compte-rendu`, 'facilitatorOfSession'),
  r('POST /equipe/seances/:id/questions', (w) => `/equipe/seances/${w.pastSession}/questions`, 'facilitatorOfSession'),
  r('GET /equipe/questions/:qid', (w) => `/equipe/questions/${w.question}`, 'facilitatorOfSession'),
  r('POST /equipe/questions/:qid', (w) => `/equipe/questions/${w.question}`, 'facilitatorOfSession'),
  r('POST /equipe/questions/:qid/suppression', async (w) => `/equipe/questions/${await w.newQuestion()}/suppression`, 'facilitatorOfSession'),
  r('GET /equipe/questions', '/equipe/questions', 'planner'),
  r('POST /equipe/questions/:qid/publication', (w) => `/equipe/questions/${w.question}/publication`, 'planner'),
  r('GET /equipe/absences', '/equipe/absences', 'planner'),
  r('GET /equipe/absences.csv', '/equipe/absences.csv', 'planner'),
  // on demand
  r('GET /ateliers/demande', '/ateliers/demande', 'public'),
  r('POST /ateliers/demande', '/ateliers/demande', 'public'),
  r('GET /demandes/:token', (w) => `/demandes/${w.tokens.demand}`, 'link'),
  r('POST /demandes/:token/retrait', (w) => `/demandes/${w.tokens.demand}/retrait`, 'link', { late: true }),
  r('GET /equipe/demandes', '/equipe/demandes', 'planner'),
  r('POST /equipe/demandes/:id/rattachement', (w) => `/equipe/demandes/${w.demandRequest}/rattachement`, 'planner'),
  r('POST /equipe/ateliers/:id/seuil-demande', (w) => `/equipe/ateliers/${w.workshop.id}/seuil-demande`, 'planner'),
  r('GET /equipe/demandes/sondage', (w) => `/equipe/demandes/sondage?atelier=${w.workshop.id}&lieu=${w.venue.id}`, 'planner'),
  r('POST /equipe/demandes/sondage', '/equipe/demandes/sondage', 'planner', { body: (w) => ({ atelier: String(w.workshop.id), lieu: String(w.venue.id) }) }),
  r('GET /equipe/sondages/:id', (w) => `/equipe/sondages/${w.poll}`, 'planner'),
  r('POST /equipe/sondages/:id/seance', (w) => `/equipe/sondages/${w.poll}/seance`, 'planner'),
  r('POST /demandes/:token/sondage', (w) => `/demandes/${w.tokens.demand}/sondage`, 'link'),
  r('GET /equipe/demandes/indicateurs', '/equipe/demandes/indicateurs', 'planner'),
  r('GET /equipe/maintien', '/equipe/maintien', 'planner'),
  r('POST /equipe/seances/:id/maintien', (w) => `/equipe/seances/${w.session}/maintien`, 'planner'),
  r('POST /equipe/seances/:id/regroupement', (w) => `/equipe/seances/${w.session}/regroupement`, 'planner'),
  r('POST /equipe/seances/:id/annulation-maintien', (w) => `/equipe/seances/${w.spareSession}/annulation-maintien`, 'planner', { late: true }),
  // results
  r('GET /bilan', '/bilan', 'public'),
  r('GET /enquete/:token', (w) => `/enquete/${w.tokens.survey}`, 'link'),
  r('POST /enquete/:token', (w) => `/enquete/${w.tokens.survey}`, 'link'),
  r('GET /equipe/bilan/carte', '/equipe/bilan/carte', 'resultsReader'),
  r('GET /equipe/bilan/contours', '/equipe/bilan/contours', 'planner'),
  r('POST /equipe/bilan/contours', '/equipe/bilan/contours', 'planner'),
  r('POST /equipe/bilan/contours/retirer', '/equipe/bilan/contours/retirer', 'planner'),
  r('GET /equipe/bilan/rapport', '/equipe/bilan/rapport', 'resultsReader'),
  r('GET /equipe/bilan/rapport/:cycleId(^\\d{1,9}).pdf', (w) => `/equipe/bilan/rapport/${w.cycle.id}.pdf`, 'resultsReader'),
  r('GET /equipe/bilan/rapport/:cycleId(^\\d{1,9}).xlsx', (w) => `/equipe/bilan/rapport/${w.cycle.id}.xlsx`, 'resultsReader'),
  r('GET /equipe/bilan/rapport/:cycleId(^\\d{1,9}).csv', (w) => `/equipe/bilan/rapport/${w.cycle.id}.csv?table=secteurs`, 'resultsReader'),
  r('GET /equipe/bilan', '/equipe/bilan', 'resultsReader'),
  r('GET /equipe/bilan/inscriptions.csv', (w) => `/equipe/bilan/inscriptions.csv?session=${w.cycle.id}`, 'planner'),
  // campaigns
  r('GET /desinscription/:token', (w) => `/desinscription/${w.tokens.unsubscribe}`, 'link'),
  r('POST /desinscription/:token', (w) => `/desinscription/${w.tokens.unsubscribe}`, 'link'),
  r('GET /equipe/campagnes', '/equipe/campagnes', 'planner'),
  r('GET /equipe/campagnes/nouvelle', '/equipe/campagnes/nouvelle', 'planner'),
  r('POST /equipe/campagnes/nouvelle', '/equipe/campagnes/nouvelle', 'planner'),
  r('GET /equipe/campagnes/:id', (w) => `/equipe/campagnes/${w.campaign}`, 'planner'),
  r('GET /equipe/campagnes/:id/progression.json', (w) => `/equipe/campagnes/${w.campaign}/progression.json`, 'planner'),
  r('GET /equipe/campagnes/:id/modifier', (w) => `/equipe/campagnes/${w.draftCampaign}/modifier`, 'planner'),
  r('POST /equipe/campagnes/:id/modifier', (w) => `/equipe/campagnes/${w.draftCampaign}/modifier`, 'planner'),
  r('POST /equipe/campagnes/:id/test', (w) => `/equipe/campagnes/${w.campaign}/test`, 'planner'),
  r('POST /equipe/campagnes/:id/envoyer', (w) => `/equipe/campagnes/${w.campaign}/envoyer`, 'planner'),
  r('POST /equipe/campagnes/:id/annuler', (w) => `/equipe/campagnes/${w.campaign}/annuler`, 'planner', { late: true }),
  r('GET /equipe/campagnes/affiches', '/equipe/campagnes/affiches', 'planner'),
  r('GET /equipe/campagnes/affiches/:id/affiche.pdf', (w) => `/equipe/campagnes/affiches/${w.cycle.id}/affiche.pdf`, 'planner'),
  r('GET /equipe/campagnes/affiches/:id/flyer.pdf', (w) => `/equipe/campagnes/affiches/${w.cycle.id}/flyer.pdf`, 'planner'),
  r('GET /equipe/contacts', '/equipe/contacts', 'planner'),
  r('GET /equipe/contacts/import', '/equipe/contacts/import', 'planner'),
  r('POST /equipe/contacts/import', '/equipe/contacts/import', 'planner'),
  r('GET /equipe/contacts/import/:id', (w) => `/equipe/contacts/import/${w.contactImport}`, 'planner'),
  r('POST /equipe/contacts/import/:id/correspondance', (w) => `/equipe/contacts/import/${w.contactImport}/correspondance`, 'planner'),
  r('POST /equipe/contacts/import/:id/confirmer', (w) => `/equipe/contacts/import/${w.contactImport}/confirmer`, 'planner', { late: true }),
  r('POST /equipe/contacts/import/:id/annuler', (w) => `/equipe/contacts/import/${w.contactImport}/annuler`, 'planner', { late: true }),
  // partners and referrals
  r('GET /equipe/partenaires', '/equipe/partenaires', 'planner'),
  r('GET /equipe/partenaires/nouveau', '/equipe/partenaires/nouveau', 'planner'),
  r('POST /equipe/partenaires/nouveau', '/equipe/partenaires/nouveau', 'planner'),
  r('GET /equipe/partenaires/:id', (w) => `/equipe/partenaires/${w.partnerOrg}`, 'planner'),
  r('POST /equipe/partenaires/:id', (w) => `/equipe/partenaires/${w.partnerOrg}`, 'planner'),
  r('POST /equipe/partenaires/:id/offres', (w) => `/equipe/partenaires/${w.partnerOrg}/offres`, 'planner'),
  r('POST /equipe/partenaires/:id/offres/:oid/active', (w) => `/equipe/partenaires/${w.partnerOrg}/offres/${w.offer}/active`, 'planner'),
  r('GET /equipe/orientations/nouvelle', (w) => `/equipe/orientations/nouvelle?seance=${w.pastSession}&participant=${w.participant}`, 'facilitatorOfSession'),
  r('POST /equipe/orientations/nouvelle', (w) => `/equipe/orientations/nouvelle?seance=${w.pastSession}&participant=${w.participant}`, 'facilitatorOfSession'),
  r('GET /equipe/orientations', '/equipe/orientations', 'referralReader'),
  r('GET /equipe/orientations/:id', (w) => `/equipe/orientations/${w.referral}`, 'partnerOfReferral'),
  r('POST /equipe/orientations/:id/suite', (w) => `/equipe/orientations/${w.referral}/suite`, 'partnerOfReferral'),
  r('GET /mes-inscriptions/orientation', '/mes-inscriptions/orientation', 'participant'),
  r('POST /mes-inscriptions/orientation', '/mes-inscriptions/orientation', 'participant'),
  // the directory of leaders
  r('GET /reseau', '/reseau', 'participant'),
  r('GET /reseau/membres/:id', (w) => `/reseau/membres/${w.member}`, 'directoryMember'),
  r('POST /reseau/membres/:id/message', (w) => `/reseau/membres/${w.member}/message`, 'directoryMember', { body: { message: 'Bonjour' } }),
  r('POST /reseau/membres/:id/bloquer', (w) => `/reseau/membres/${w.member}/bloquer`, 'directoryMember', { late: true }),
  r('POST /reseau/membres/:id/debloquer', (w) => `/reseau/membres/${w.member}/debloquer`, 'directoryMember'),
  r('POST /reseau/signaler', '/reseau/signaler', 'directoryMember', { body: (w) => ({ kind: 'project', id: String(w.memberProject), [`raison-project-${w.memberProject}`]: 'Hors sujet' }) }),
  r('GET /reseau/conversations', '/reseau/conversations', 'participant'),
  r('GET /reseau/conversations/:id', (w) => `/reseau/conversations/${w.conversation}`, 'directoryMember'),
  r('POST /reseau/conversations/:id', (w) => `/reseau/conversations/${w.conversation}`, 'directoryMember'),
  r('GET /reseau/projets', '/reseau/projets', 'directoryMember'),
  r('GET /reseau/projets/nouveau', '/reseau/projets/nouveau', 'directoryMember'),
  r('POST /reseau/projets/nouveau', '/reseau/projets/nouveau', 'directoryMember'),
  r('GET /reseau/projets/:id', (w) => `/reseau/projets/${w.project}`, 'directoryMember'),
  r('POST /reseau/projets/:id/interet', (w) => `/reseau/projets/${w.memberProject}/interet`, 'directoryMember'),
  r('POST /reseau/projets/:id/desinteret', (w) => `/reseau/projets/${w.memberProject}/desinteret`, 'directoryMember'),
  r('POST /reseau/projets/:id/conversation', (w) => `/reseau/projets/${w.project}/conversation`, 'directoryMember'),
  r('GET /equipe/reseau', '/equipe/reseau', 'planner'),
  r('POST /equipe/reseau/masquer', '/equipe/reseau/masquer', 'planner', { body: async (w) => ({ kind: 'project', id: String(await w.newProject()) }) }),
  r('POST /equipe/reseau/signalements/:id/classer', async (w) => `/equipe/reseau/signalements/${await w.newReport()}/classer`, 'planner'),
  r('POST /equipe/reseau/projets/:id/soutenir', (w) => `/equipe/reseau/projets/${w.project}/soutenir`, 'planner'),
  r('GET /reseau/profil', '/reseau/profil', 'participant'),
  r('POST /reseau/profil', '/reseau/profil', 'participant'),
  r('POST /reseau/quitter', '/reseau/quitter', 'participant', { late: true }),
  // diagnostic
  r('GET /equipe/diagnostic', '/equipe/diagnostic', 'planner'),
  r('POST /equipe/diagnostic', '/equipe/diagnostic', 'planner'),
  r('GET /diagnostic', '/diagnostic', 'public'),
  r('POST /diagnostic', '/diagnostic', 'public'),
  r('GET /diagnostic/resultat/:token', (w) => `/diagnostic/resultat/${w.tokens.diagnostic}`, 'link'),
  r('POST /diagnostic/resultat/:token/garder', (w) => `/diagnostic/resultat/${w.tokens.diagnostic}/garder`, 'link'),
  // staff sign-in security (the code and enrolment steps without a pending step: the sign-in page, for everyone)
  r('GET /equipe/connexion/code', '/equipe/connexion/code', 'public'),
  r('POST /equipe/connexion/code', '/equipe/connexion/code', 'public'),
  r('GET /equipe/connexion/activation', '/equipe/connexion/activation', 'public'),
  r('POST /equipe/connexion/activation', '/equipe/connexion/activation', 'public'),
  r('GET /equipe/securite', '/equipe/securite', 'staff'),
  r('POST /equipe/securite/double-facteur', '/equipe/securite/double-facteur', 'staff'),
  r('POST /equipe/securite/double-facteur/confirmer', '/equipe/securite/double-facteur/confirmer', 'staff'),
  r('POST /equipe/securite/double-facteur/desactiver', '/equipe/securite/double-facteur/desactiver', 'staff'),
  r('POST /equipe/securite/sessions/fermer', '/equipe/securite/sessions/fermer', 'staff'),
  r('POST /equipe/securite/sessions/fermer-autres', '/equipe/securite/sessions/fermer-autres', 'staff'),
  r('POST /equipe/securite/mot-de-passe', '/equipe/securite/mot-de-passe', 'staff'),
  // personal data: the person's own, the coordination on request, the register, the journal
  r('GET /mes-inscriptions/donnees', '/mes-inscriptions/donnees', 'participant'),
  r('GET /mes-inscriptions/donnees.json', '/mes-inscriptions/donnees.json', 'participant'),
  r('GET /mes-inscriptions/donnees.html', '/mes-inscriptions/donnees.html', 'participant'),
  r('POST /mes-inscriptions/donnees/consentements/:id/retrait', (w) => `/mes-inscriptions/donnees/consentements/${w.consent}/retrait`, 'participantOwner', { late: true }),
  r('GET /mes-inscriptions/donnees/effacement', '/mes-inscriptions/donnees/effacement', 'participant'),
  r('POST /mes-inscriptions/donnees/effacement', '/mes-inscriptions/donnees/effacement', 'participant'),
  r('GET /equipe/personnes', '/equipe/personnes', 'planner'),
  r('GET /equipe/personnes/:id', (w) => `/equipe/personnes/${w.participant}`, 'planner'),
  r('GET /equipe/personnes/:id/donnees.json', (w) => `/equipe/personnes/${w.participant}/donnees.json`, 'planner'),
  r('POST /equipe/personnes/:id/effacement', (w) => `/equipe/personnes/${w.participant}/effacement`, 'planner'),
  r('GET /confidentialite', '/confidentialite', 'public'),
  r('GET /equipe/registre', '/equipe/registre', 'planner'),
  r('GET /equipe/registre.json', '/equipe/registre.json', 'planner'),
  r('GET /equipe/registre.csv', '/equipe/registre.csv', 'planner'),
  r('GET /equipe/journal', '/equipe/journal', 'admin'),
  r('GET /equipe/journal.csv', '/equipe/journal.csv', 'admin'),
  // the outbox
  r('GET /equipe/courriels', '/equipe/courriels', 'admin'),
  r('GET /equipe/courriels/:id', (w) => `/equipe/courriels/${w.outbox}`, 'admin'),
  // the territories of the instance (an empty form: refused for its content, 400)
  r('GET /equipe/territoires', '/equipe/territoires', 'admin'),
  r('GET /equipe/territoires/nouveau', '/equipe/territoires/nouveau?departement=62', 'admin'),
  r('POST /equipe/territoires/nouveau', '/equipe/territoires/nouveau', 'admin'),
  r('GET /equipe/territoires/:id', (w) => `/equipe/territoires/${w.territoryId}`, 'admin'),
  r('POST /equipe/territoires/:id', (w) => `/equipe/territoires/${w.territoryId}`, 'admin'),
];
