import type { Questionnaire } from './questionnaire.js';

/**
 * The questionnaire a territory starts with (version 1, written at first use): fifteen questions
 * in plain French, four choices each worth 0 to 3 points, on eight themes. The themes point to
 * the catalogue's workshops by slug (the demo's) and by catalogue theme (workshops.theme), so
 * that a territory with other slugs still gets recommendations. The coordinator edits it at
 * /equipe/diagnostic; these texts are data, not interface messages.
 */
const choices = (...labels: [string, string, string, string]) => labels.map((label, i) => ({ key: String.fromCharCode(97 + i), label, points: i }));

const theme = (key: string, label: string, workshopSlugs: string[], workshopThemes: string[]) => ({ key, label, recommendBelow: 67, beginnerBelow: 34, beyondFrom: 84, workshopSlugs, workshopThemes });

export const DEFAULT_QUESTIONNAIRE: Questionnaire = {
  themes: [
    theme('presence', 'Présence en ligne', ['moteurs-de-recherche', 'creer-son-site-web', 'reseaux-sociaux', 'photos-visuels'], ['web']),
    theme('vente', 'Vente et paiement en ligne', ['e-commerce', 'booster-ventes-internet'], ['vente']),
    theme('clients', 'Relation client', ['messagerie-electronique', 'reseaux-sociaux'], ['communication']),
    theme('gestion', 'Gestion et facturation électronique', ['facturation-electronique', 'outils-bureautique', 'outils-collaboratifs'], ['outils']),
    theme('securite', 'Sécurité', ['securite-en-ligne', 'sauvegarde-donnees'], ['securite']),
    theme('donnees', 'Données', ['sauvegarde-donnees', 'outils-collaboratifs'], []),
    theme('competences', 'Compétences numériques', ['premiers-pas-internet', 'outils-bureautique', 'moteurs-de-recherche'], ['internet']),
    theme('sobriete', 'Sobriété numérique', ['sauvegarde-donnees', 'messagerie-electronique'], []),
  ],
  questions: [
    {
      key: 'fiche', theme: 'presence',
      text: 'Votre entreprise a-t-elle une fiche d’établissement sur les cartes en ligne (Google, Apple Plans, PagesJaunes) ?',
      choices: choices('Non, ou je ne sais pas', 'Oui, mais je ne l’ai jamais mise à jour', 'Oui, à jour (horaires, photos)', 'Oui, à jour, et je réponds aux avis'),
    },
    {
      key: 'site', theme: 'presence',
      text: 'Avez-vous un site web ?',
      choices: choices('Non', 'Oui, mais il n’est jamais mis à jour', 'Oui, et je le mets à jour moi-même', 'Oui, à jour et bien placé dans les moteurs de recherche'),
    },
    {
      key: 'reseaux', theme: 'presence',
      text: 'Utilisez-vous les réseaux sociaux pour votre activité ?',
      choices: choices('Non', 'J’ai une page, rarement alimentée', 'Je publie chaque mois', 'Je publie régulièrement et je regarde ce qui marche'),
    },
    {
      key: 'vente_en_ligne', theme: 'vente',
      text: 'Peut-on commander ou réserver chez vous en ligne ?',
      choices: choices('Non', 'Par courriel ou par téléphone, après m’avoir trouvé en ligne', 'Sur une plateforme ou une place de marché', 'Sur mon propre site'),
    },
    {
      key: 'paiement', theme: 'vente',
      text: 'Comment vos clients peuvent-ils vous payer ?',
      choices: choices('Espèces ou chèque seulement', 'Aussi par carte bancaire sur place', 'Aussi à distance (lien de paiement, virement instantané)', 'Par paiement en ligne sur mon site ou ma plateforme'),
    },
    {
      key: 'relation_client', theme: 'clients',
      text: 'Comment gardez-vous le contact avec vos clients ?',
      choices: choices('Je ne garde pas leurs coordonnées', 'Dans un carnet ou un tableur', 'Un fichier clients, avec leur accord, et des nouvelles par courriel', 'Un logiciel de relation client (suivi, relances, lettre d’information)'),
    },
    {
      key: 'outils_gestion', theme: 'gestion',
      text: 'Avec quoi faites-vous vos devis et vos factures ?',
      choices: choices('À la main, sur papier', 'Avec un traitement de texte ou un tableur', 'Avec un logiciel de facturation ou de gestion', 'Avec un logiciel relié à ma banque et à mon comptable'),
    },
    {
      key: 'facturation_electronique', theme: 'gestion',
      text: 'La facturation électronique devient obligatoire : recevoir des factures électroniques dès septembre 2026 pour toutes les entreprises, en émettre en 2026 ou 2027 selon la taille. Où en êtes-vous ?',
      choices: choices('Je n’en ai pas entendu parler', 'J’en ai entendu parler, sans plus', 'Je choisis ma plateforme agréée', 'Ma plateforme agréée est en place'),
    },
    {
      key: 'sauvegardes', theme: 'securite',
      text: 'Sauvegardez-vous vos fichiers (factures, clients, photos) ?',
      choices: choices('Jamais', 'De temps en temps, sur une clé ou un disque', 'Automatiquement, sur un disque ou en ligne', 'Automatiquement, avec une copie hors de l’entreprise, déjà essayée'),
    },
    {
      key: 'mots_de_passe', theme: 'securite',
      text: 'Comment protégez-vous vos comptes (messagerie, banque, site) ?',
      choices: choices('Le même mot de passe partout', 'Des mots de passe différents, notés quelque part', 'Un gestionnaire de mots de passe', 'Un gestionnaire et la double authentification (un code reçu en plus)'),
    },
    {
      key: 'mises_a_jour', theme: 'securite',
      text: 'Faites-vous les mises à jour de votre ordinateur et de votre téléphone ?',
      choices: choices('Rarement, elles me dérangent', 'Quand j’y pense', 'Elles se font automatiquement', 'Automatiquement, sur tous les appareils de l’entreprise'),
    },
    {
      key: 'hameconnage', theme: 'securite',
      text: 'Un courriel vous demande de payer une facture ou de confirmer vos codes. Que faites-vous ?',
      choices: choices('Je ne sais pas toujours reconnaître une arnaque', 'Je me méfie, mais il m’arrive de cliquer', 'Je vérifie l’expéditeur et le lien avant d’agir', 'Je vérifie, et je signale l’arnaque (17Cyber, Signal Spam)'),
    },
    {
      key: 'donnees', theme: 'donnees',
      text: 'Que faites-vous des données de votre activité et de vos clients ?',
      choices: choices('Rien de particulier', 'Je les range, sans bien savoir ce que demande le RGPD', 'Je les protège et je respecte le RGPD', 'Je les protège et je m’en sers pour suivre mes ventes et décider'),
    },
    {
      key: 'aisance', theme: 'competences',
      text: 'Comment vous sentez-vous avec le numérique au quotidien ?',
      choices: choices('Mal à l’aise', 'Je me débrouille pour l’essentiel', 'À l’aise', 'Très à l’aise : j’aide mes salariés ou mes proches'),
    },
    {
      key: 'sobriete', theme: 'sobriete',
      text: 'Pensez-vous à la sobriété numérique (garder ses appareils plus longtemps, faire le tri dans ses courriels et ses fichiers) ?',
      choices: choices('Jamais', 'Parfois', 'Souvent', 'C’est une habitude dans l’entreprise'),
    },
  ],
};
