import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTiers } from '../../../test/databases.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { buildCycle, buildSessionWith, buildStaff, buildTerritory, buildVenue, buildWorkshop } from '../../../test/factories.js';
import { StaffClient } from '../../../test/staff-session.js';
import { readPdf } from '../../../test/pdf.js';
import { registerParticipant } from '../../registration/commands.js';
import type { RegistrationInput } from '../../registration/form.js';
import { normaliseCertificateCode, newCertificateCode } from '../certificates.js';
import { addWalkIn, closeSession, markAttendance, type AttendanceContext } from './commands.js';

const person = (i: number, over: Partial<RegistrationInput> = {}): RegistrationInput => ({
  first_name: `Prénom${i}`, last_name: `Nom${i}`, email: `p${i}@example.fr`, phone: null, company: `Entreprise ${i}`, siret: null,
  sector: 'agriculture', commune: '62767', role: null, level: 'debutant', heard_from: null, consent_news: false, ...over,
});
const HOUR = 3600_000;

test('certificate codes: Crockford base32, typed loosely, checked strictly', () => {
  const codes = new Set(Array.from({ length: 2000 }, () => newCertificateCode()));
  assert.equal(codes.size, 2000);
  for (const code of codes) {
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    assert.equal(normaliseCertificateCode(code.toLowerCase().replace(/-/g, ' ')), code);
  }
  assert.equal(normaliseCertificateCode('7kq2 m9xd 4tpa'), '7KQ2-M9XD-4TPA');
  assert.equal(normaliseCertificateCode('OIL0-0000-0000'), '0110-0000-0000', 'O, I and L are read as digits');
  assert.equal(normaliseCertificateCode('7KQ2-M9XD-4TP'), null);
  assert.equal(normaliseCertificateCode('7KQ2-M9XD-4TPU'), null, 'U is not in the alphabet');
  assert.equal(normaliseCertificateCode("' OR 1=1 --"), null);
});

for (const tier of databaseTiers()) {
  describe(`a facilitator’s session on ${tier.name}`, () => {
    let t: TestApp;
    let territoryId: number;
    let coordinator: StaffClient;
    let facilitator: StaffClient;
    let other: StaffClient;
    let partner: StaffClient;
    let ctx: AttendanceContext;
    let facilitatorId: number;
    let running: number; // started 10 minutes ago, led by `facilitator`, 3 seats, room of 4
    let othersSession: number; // led by `other`
    let tomorrow: number;
    let cancelled: number;
    const regs: number[] = [];
    const regCtx = () => ({ baseUrl: 'http://localhost:3000', programmeName: 'Boutic', territoryId, closesHours: 2, reminderDays: 2 });

    async function register(sessionId: number, i: number, startsAt: number, over: Partial<RegistrationInput> = {}) {
      const r = await registerParticipant(t.database.db, regCtx(), { sessionId, person: person(i, over), source: 'web' }, new Date(startsAt - 48 * HOUR));
      assert.ok(r.ok);
      return r.registrationId;
    }
    const outbox = (kind: string) => t.database.db.selectFrom('outbox').selectAll().where('kind', '=', kind).orderBy('id').execute();
    const registration = (id: number) => t.database.db.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const session = (id: number) => t.database.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    before(async () => {
      t = await createTestApp(tier, { BASE_URL: 'https://ateliers.example.fr' });
      const db = t.database.db;
      territoryId = (await buildTerritory(db, { funder: 'Région Hauts-de-France', programmeName: 'Boutic Ternois' })).id;
      const coord = await buildStaff(db, { territoryId, role: 'coordinator' });
      const fac = await buildStaff(db, { territoryId, role: 'facilitator', name: 'Camille Animatrice' });
      const oth = await buildStaff(db, { territoryId, role: 'facilitator' });
      const par = await buildStaff(db, { territoryId, role: 'partner' });
      facilitatorId = fac.id;
      const cycle = await buildCycle(db, { territoryId });
      const venue = await buildVenue(db, { territoryId, workstations: 4, name: 'Cybercentre de Frévent' });
      const workshop = await buildWorkshop(db, { territoryId, title: 'Lire le devis d’une agence web' });
      const start = Date.now() - 10 * 60_000;
      const base = { territoryId, cycleId: cycle.id, venueId: venue.id, workshopId: workshop.id };
      running = (await buildSessionWith(db, { ...base, seats: 3, startsAt: new Date(start), set: { facilitator_id: fac.id } })).id;
      othersSession = (await buildSessionWith(db, { ...base, seats: 3, startsAt: new Date(start - 4 * HOUR), set: { facilitator_id: oth.id } })).id;
      tomorrow = (await buildSessionWith(db, { ...base, seats: 3, startsAt: new Date(Date.now() + 24 * HOUR), set: { facilitator_id: fac.id } })).id;
      cancelled = (await buildSessionWith(db, { ...base, seats: 3, startsAt: new Date(start - 8 * HOUR), status: 'cancelled', set: { facilitator_id: fac.id } })).id;
      regs.push(await register(running, 1, start, { first_name: 'Éloïse', last_name: 'Dupré-Lefèvre', company: 'Ferme de l’Abbaye', notes: 'Je voudrais comprendre le devis reçu.' }));
      regs.push(await register(running, 2, start));
      regs.push(await register(running, 3, start));
      regs.push(await register(running, 4, start)); // waitlisted: 3 seats
      await register(othersSession, 5, start - 4 * HOUR, { first_name: 'Secret', last_name: 'Autreséance' });
      await register(tomorrow, 6, Date.now() + 24 * HOUR);
      coordinator = await new StaffClient(t.app).logIn(coord.email, coord.password);
      facilitator = await new StaffClient(t.app).logIn(fac.email, fac.password);
      other = await new StaffClient(t.app).logIn(oth.email, oth.password);
      partner = await new StaffClient(t.app).logIn(par.email, par.password);
      ctx = { territoryId, staffId: fac.id, coordinator: false, programme: { baseUrl: 'https://ateliers.example.fr', programmeName: 'Boutic Ternois', funder: 'Région Hauts-de-France', territoryName: 'Pays du Ternois', publisher: 'Pays du Ternois' } };
    });
    after(() => t.close());

    test('« Mes séances » lists only the facilitator’s own sessions', async () => {
      const res = await facilitator.get('/equipe/mes-seances');
      assert.equal(res.statusCode, 200);
      for (const id of [running, tomorrow, cancelled]) assert.match(res.body, new RegExp(`/equipe/seances/${id}/emargement`));
      assert.doesNotMatch(res.body, new RegExp(`/equipe/seances/${othersSession}/`));
      assert.match(res.body, /En cours/);
      const theirs = await other.get('/equipe/mes-seances');
      assert.match(theirs.body, new RegExp(`/equipe/seances/${othersSession}/emargement`));
      assert.doesNotMatch(theirs.body, new RegExp(`/equipe/seances/${running}/`));
      assert.equal((await partner.get('/equipe/mes-seances')).statusCode, 404);
      assert.equal((await t.app.inject({ url: '/equipe/mes-seances' })).statusCode, 303);
    });

    test('the roster shows who is coming: company, sector, level, first visit, notes; the waitlist apart', async () => {
      const res = await facilitator.get(`/equipe/seances/${running}/emargement`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Éloïse Dupré-Lefèvre/);
      assert.match(res.body, /Ferme de l’Abbaye · Agriculture · Je débute/);
      assert.match(res.body, /Première venue/);
      assert.match(res.body, /Je voudrais comprendre le devis reçu/);
      assert.match(res.body, /En liste d’attente \(1\)[\s\S]*Prénom4 Nom4/);
      assert.match(res.body, /Non pointés : 3 \(sur 3\)/);
      assert.doesNotMatch(res.body, /Autreséance/);
    });

    test('every route of another facilitator’s session answers 404, to facilitators and partners alike; anonymous visitors are sent to log in', async () => {
      const [reg] = regs;
      const gets = [`/equipe/seances/${running}/emargement`, `/equipe/seances/${running}/feuille-emargement.pdf`, `/equipe/seances/${running}/attestations/${reg}.pdf`]; // the report's routes are checked in questions.test.ts
      const posts: Array<[string, Record<string, string>]> = [
        [`/equipe/seances/${running}/emargement/${reg}`, { attendance: 'present' }],
        [`/equipe/seances/${running}/sur-place`, { first_name: 'A', last_name: 'B', email: 'ab@example.fr', company: 'C', sector: 'commerce' }],
        [`/equipe/seances/${running}/cloture`, { confirm: '1' }],
      ];
      for (const who of [other, partner]) {
        for (const url of gets) assert.equal((await who.get(url)).statusCode, 404, url);
        for (const [url, fields] of posts) assert.equal((await who.post(url, fields, '/equipe')).statusCode, 404, url);
      }
      for (const url of gets) assert.equal((await t.app.inject({ url })).statusCode, 303, url);
      for (const [url] of posts) assert.notEqual((await t.app.inject({ method: 'POST', url })).statusCode, 200, url);
      // nothing was written by the refused requests
      assert.equal((await registration(reg!)).attendance, null);
      assert.equal((await session(running)).status, 'scheduled');
      assert.equal(Number((await t.database.db.selectFrom('registrations').select((eb) => eb.fn.countAll().as('n')).where('session_id', '=', running).executeTakeFirstOrThrow()).n), 4);
      // and the session's own facilitator, and the coordination, do reach them
      for (const who of [facilitator, coordinator]) assert.equal((await who.get(gets[0]!)).statusCode, 200);
    });

    test('the paper sign-in sheet lists the confirmed people, read back from the PDF', async () => {
      const res = await facilitator.get(`/equipe/seances/${tomorrow}/feuille-emargement.pdf`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      const sheet = await facilitator.get(`/equipe/seances/${running}/feuille-emargement.pdf`);
      const text = (await readPdf(sheet.rawPayload)).lines.flat().join('\n');
      assert.match(text, /Lire le devis d’une agence web/);
      assert.match(text, /DUPR(É|E)-LEF(È|E)VRE|Dupré-Lefèvre/i);
      assert.match(text, /Nom2/);
      assert.doesNotMatch(text, /Nom4/, 'the waitlisted person is not on the sheet');
      assert.match(text, /Camille Animatrice/);
      assert.match(text, /Région Hauts-de-France/);
    });

    test('bad input changes nothing: a session not started, a person not registered, a wrong value, a cancelled session', async () => {
      const tomorrowReg = (await t.database.db.selectFrom('registrations').select('id').where('session_id', '=', tomorrow).executeTakeFirstOrThrow()).id;
      const early = await facilitator.post(`/equipe/seances/${tomorrow}/emargement/${tomorrowReg}`, { attendance: 'present' }, `/equipe/seances/${tomorrow}/emargement`);
      assert.equal(early.statusCode, 409);
      assert.match(early.body, /La séance n’a pas commencé : l’émargement ouvre le/);
      assert.equal((await registration(tomorrowReg)).attendance, null);
      const closeEarly = await facilitator.post(`/equipe/seances/${tomorrow}/cloture`, { confirm: '1' }, `/equipe/seances/${tomorrow}/emargement`);
      assert.equal(closeEarly.statusCode, 409);
      assert.equal((await session(tomorrow)).status, 'scheduled');
      // a registration of another session, ticked through this session's address
      const stranger = await facilitator.post(`/equipe/seances/${running}/emargement/${tomorrowReg}`, { attendance: 'present' }, `/equipe/seances/${running}/emargement`);
      assert.equal(stranger.statusCode, 404);
      assert.match(stranger.body, /n’est pas inscrite à cette séance/);
      assert.equal((await registration(tomorrowReg)).attendance, null);
      // the waitlisted person is not ticked either
      assert.equal((await markAttendance(t.database.db, ctx, { sessionId: running, registrationId: regs[3]!, attendance: 'present' })).ok, false);
      const wrong = await facilitator.post(`/equipe/seances/${running}/emargement/${regs[0]}`, { attendance: 'peut-être' }, `/equipe/seances/${running}/emargement`);
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /Choisissez « Présent », « Absent » ou « Excusé »/);
      const onCancelled = await closeSession(t.database.db, ctx, { sessionId: cancelled });
      assert.deepEqual(onCancelled, { ok: false, code: 'cancelled' });
      const notConfirmed = await facilitator.post(`/equipe/seances/${running}/cloture`, {}, `/equipe/seances/${running}/emargement`);
      assert.equal(notConfirmed.statusCode, 400);
      assert.match(notConfirmed.body, /Cochez cette case pour confirmer la clôture/);
      assert.equal((await session(running)).status, 'scheduled');
    });

    test('one tap each: JSON with JavaScript, back to the card without', async () => {
      const page = await facilitator.get(`/equipe/seances/${running}/emargement`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const cookie = Object.entries(facilitator.jar).map(([k, v]) => `${k}=${v}`).join('; ');
      const json = await t.app.inject({
        method: 'POST',
        url: `/equipe/seances/${running}/emargement/${regs[0]}`,
        payload: new URLSearchParams({ _csrf: csrf, attendance: 'present' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', cookie },
      });
      assert.equal(json.statusCode, 200);
      assert.deepEqual(json.json(), { ok: true, attendance: 'present', state: 'Présent', counts: 'Présents : 1 · Absents : 0 · Excusés : 0 · Non pointés : 2 (sur 3)' });
      const plain = await facilitator.post(`/equipe/seances/${running}/emargement/${regs[1]}`, { attendance: 'excused' }, `/equipe/seances/${running}/emargement`);
      assert.equal(plain.statusCode, 303);
      assert.equal(plain.headers.location, `/equipe/seances/${running}/emargement#inscription-${regs[1]}`);
      assert.equal((await registration(regs[1]!)).attendance, 'excused');
      const audits = await t.database.db.selectFrom('audit_log').select(['action', 'actor']).where('action', '=', 'attendance.marked').execute();
      assert.equal(audits.length, 2);
      assert.equal(audits[0]!.actor, `staff:${facilitatorId}`);
    });

    test('a walk-in takes a free seat, then the room’s last workstation, then is refused with nothing written', async () => {
      const bad = await facilitator.post(`/equipe/seances/${running}/sur-place`, { first_name: 'Jules', last_name: '', email: 'pas-une-adresse', company: 'Boulangerie', sector: 'commerce' }, `/equipe/seances/${running}/emargement`);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /value="Jules"/, 'the form keeps what was typed');
      assert.match(bad.body, /<details[^>]*open/);
      assert.match(bad.body, /id="email-erreur"/);
      // 3 seats, 3 confirmed, room of 4: the walk-in gets the 4th workstation, and the seats grow
      const first = await facilitator.post(`/equipe/seances/${running}/sur-place`, { first_name: 'Jules', last_name: 'Vasseur', email: 'jules@example.fr', company: 'Boulangerie Vasseur', sector: 'commerce' }, `/equipe/seances/${running}/emargement`);
      assert.equal(first.statusCode, 303);
      let s = await session(running);
      assert.deepEqual([s.seats, s.seats_taken], [4, 4]);
      const walkIn = await t.database.db.selectFrom('registrations as r').innerJoin('participants as p', 'p.id', 'r.participant_id').select(['r.walk_in', 'r.attendance', 'r.source', 'r.status']).where('p.email', '=', 'jules@example.fr').executeTakeFirstOrThrow();
      assert.deepEqual(walkIn, { walk_in: 1, attendance: 'present', source: 'sur_place', status: 'confirmed' });
      // 4 people in a room of 4 (one of them excused, so in fact 3 there): one more fits
      const second = await addWalkIn(t.database.db, ctx, { sessionId: running, person: { first_name: 'Inès', last_name: 'Carpentier', email: 'ines@example.fr', company: 'Gîte', sector: 'tourisme', level: null } });
      assert.ok(second.ok);
      // now 4 people in the room (3 + 2 walk-ins − 1 excused): full
      const before = await t.database.db.selectFrom('participants').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      const full = await facilitator.post(`/equipe/seances/${running}/sur-place`, { first_name: 'Paul', last_name: 'Trop', email: 'paul@example.fr', company: 'X', sector: 'services' }, `/equipe/seances/${running}/emargement`);
      assert.equal(full.statusCode, 409);
      assert.match(full.body, /Plus aucun poste libre dans la salle/);
      assert.match(full.body, /value="Paul"/);
      const afterCount = await t.database.db.selectFrom('participants').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n), Number(before.n), 'no half-written participant');
      s = await session(running);
      assert.ok(s.seats_taken <= s.seats);
      // a person already confirmed who uses the walk-in form is simply ticked present
      const again = await addWalkIn(t.database.db, ctx, { sessionId: running, person: { first_name: 'x', last_name: 'y', email: 'p3@example.fr', company: 'z', sector: 'autre', level: null } });
      assert.ok(again.ok && again.already);
      assert.equal((await registration(regs[2]!)).attendance, 'present');
    });

    test('closing: the unticked are absent, the present get a certificate mailed through the outbox; closing twice changes nothing', async () => {
      const res = await facilitator.post(`/equipe/seances/${running}/cloture`, { confirm: '1' }, `/equipe/seances/${running}/emargement`);
      assert.equal(res.statusCode, 303);
      const page = await facilitator.get(res.headers.location as string);
      assert.match(page.body, /Séance clôturée : 4 présents, 0 absents, 1 excusés/);
      assert.doesNotMatch(page.body, /data-attendance-form/, 'the facilitator can no longer tick');
      const s = await session(running);
      assert.equal(s.status, 'held');
      assert.equal(s.closed_by, facilitatorId);
      const mails = await outbox('certificate.issued');
      assert.equal(mails.length, 4);
      const payload = JSON.parse(mails[0]!.payload) as { subject: string; attachments: Array<{ filename: string; contentType: string; content: string; encoding: string }> };
      assert.match(payload.subject, /Votre attestation de présence — Lire le devis/);
      assert.equal(payload.attachments[0]!.contentType, 'application/pdf');
      const pdf = await readPdf(Buffer.from(payload.attachments[0]!.content, 'base64'));
      const code = (await t.database.db.selectFrom('certificates').select('code').where('registration_id', '=', regs[0]!).executeTakeFirstOrThrow()).code;
      assert.match(pdf.lines.flat().join(' '), new RegExp(code));
      assert.match(pdf.lines.flat().join(' '), /Éloïse/);

      const twice = await closeSession(t.database.db, { ...ctx, coordinator: true }, { sessionId: running });
      assert.equal(twice.ok, false);
      assert.equal(!twice.ok && twice.code, 'closed');
      const again = await facilitator.post(`/equipe/seances/${running}/cloture`, { confirm: '1' }, `/equipe/seances/${running}/emargement`);
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /a été clôturée le/);
      assert.equal((await outbox('certificate.issued')).length, 4);
      const late = await facilitator.post(`/equipe/seances/${running}/emargement/${regs[1]}`, { attendance: 'present' }, `/equipe/seances/${running}/emargement`);
      assert.equal(late.statusCode, 409);
      assert.equal((await registration(regs[1]!)).attendance, 'excused');
    });

    test('the public page checks a code: valid, unknown, malformed, then withdrawn after the coordinator’s correction', async () => {
      const code = (await t.database.db.selectFrom('certificates').select('code').where('registration_id', '=', regs[0]!).executeTakeFirstOrThrow()).code;
      const ok = await t.app.inject({ url: `/attestations/verifier?code=${encodeURIComponent(code.toLowerCase().replace(/-/g, ' '))}` });
      assert.equal(ok.statusCode, 200);
      assert.match(ok.body, new RegExp(`Attestation ${code} valide`));
      assert.match(ok.body, /Éloïse Dupré-Lefèvre \(Ferme de l’Abbaye\)/);
      const unknown = await t.app.inject({ url: '/attestations/verifier?code=0000-0000-0000' });
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /Aucune attestation ne porte le code 0000-0000-0000/);
      const malformed = await t.app.inject({ url: '/attestations/verifier?code=%3Cscript%3E' });
      assert.equal(malformed.statusCode, 400);
      assert.doesNotMatch(malformed.body, /<script>/);
      assert.equal((await t.app.inject({ url: '/attestations/verifier' })).statusCode, 200);

      // the coordinator corrects: Éloïse was in fact absent; the excused one was present
      const fix = await coordinator.post(`/equipe/seances/${running}/emargement/${regs[0]}`, { attendance: 'absent' }, `/equipe/seances/${running}/emargement`);
      assert.equal(fix.statusCode, 303);
      const withdrawn = await t.app.inject({ url: `/attestations/verifier?code=${code}` });
      assert.match(withdrawn.body, /a été retirée/);
      await coordinator.post(`/equipe/seances/${running}/emargement/${regs[1]}`, { attendance: 'present' }, `/equipe/seances/${running}/emargement`);
      assert.equal((await outbox('certificate.issued')).length, 5);
      const corrections = await t.database.db.selectFrom('audit_log').select(['details', 'actor']).where('action', '=', 'attendance.corrected').orderBy('id').execute();
      assert.equal(corrections.length, 2);
      assert.deepEqual(JSON.parse(corrections[0]!.details!), { session: running, from: 'present', to: 'absent' });
    });

    test('the participant downloads their own certificate from « Mes inscriptions », never another’s', async () => {
      const db = t.database.db;
      const { issueAccessToken } = await import('../../registration/tokens.js');
      const participantId = (await registration(regs[1]!)).participant_id;
      const token = await issueAccessToken(db, participantId);
      const open = await t.app.inject({ url: `/mes-inscriptions/acces?jeton=${token}` });
      const cookie = (open.cookies as Array<{ name: string; value: string }>).map((c) => `${c.name}=${c.value}`).join('; ');
      const account = await t.app.inject({ url: '/mes-inscriptions', headers: { cookie } });
      assert.match(account.body, new RegExp(`/mes-inscriptions/attestations/${regs[1]}\\.pdf`));
      assert.match(account.body, /Vous étiez présent·e/);
      const mine = await t.app.inject({ url: `/mes-inscriptions/attestations/${regs[1]}.pdf`, headers: { cookie } });
      assert.equal(mine.statusCode, 200);
      assert.equal(mine.headers['content-type'], 'application/pdf');
      assert.match((await readPdf(mine.rawPayload)).lines.flat().join(' '), /Prénom2/);
      const theirs = await t.app.inject({ url: `/mes-inscriptions/attestations/${regs[2]}.pdf`, headers: { cookie } });
      assert.equal(theirs.statusCode, 404);
      const anonymous = await t.app.inject({ url: `/mes-inscriptions/attestations/${regs[1]}.pdf` });
      assert.equal(anonymous.statusCode, 303);
    });
  });
}
