import type { Role, Sector } from '../platform/db/schema.js';

/** The demo's fixed texts: the programme of the Pays du Ternois as the 2012 press article describes it. */

export const PROGRAMME = {
  name: 'Boutic',
  funder: 'Région Hauts-de-France',
  publisher: 'Pays du Ternois',
  tagline:
    'Des ateliers gratuits, en petits groupes, dans les quatre cybercentres du Ternois, pour découvrir ce qu’Internet et les outils numériques peuvent apporter à votre entreprise.',
  contact_email: 'boutic@ternois.localhost',
  contact_phone: '03 21 00 00 00',
};

export const VENUES = [
  { slug: 'saint-pol-sur-ternoise', commune: '62767', name: 'Cybercentre de Saint-Pol-sur-Ternoise', address: '1 place de l’Hôtel de Ville', workstations: 12, accessible: 1 as const, hours: 'Du mardi au samedi, 9 h – 12 h et 14 h – 18 h' },
  { slug: 'frevent', commune: '62361', name: 'Cybercentre de Frévent', address: '2 rue du Château', workstations: 8, accessible: 1 as const, hours: 'Lundi, mercredi et vendredi, 9 h – 12 h et 14 h – 17 h' },
  { slug: 'auxi-le-chateau', commune: '62060', name: 'Cybercentre d’Auxi-le-Château', address: '3 rue de la Mairie', workstations: 8, accessible: 0 as const, hours: 'Mardi et jeudi, 14 h – 19 h ; samedi, 9 h – 12 h' },
  { slug: 'pernes', commune: '62652', name: 'Cybercentre de Pernes-en-Artois', address: '4 Grand’Place', workstations: 10, accessible: 1 as const, hours: 'Du lundi au vendredi, 14 h – 18 h' },
];

type WorkshopSeed = {
  slug: string;
  title: string;
  summary: string;
  objectives: string;
  level: 'debutant' | 'intermediaire';
  minutes: number;
  theme: string;
  prerequisites?: string;
};

/** Deeper training offered by the chambers after a workshop (the programme only introduces the subjects). */
export const FOLLOW_ON: Record<string, { partner: string; title: string }> = {
  'creer-son-site-web': { partner: 'CCI', title: 'Concevoir et piloter le site de son entreprise (2 jours)' },
  'e-commerce': { partner: 'CCI', title: 'Lancer sa boutique en ligne (3 jours)' },
  'booster-ventes-internet': { partner: 'CMA', title: 'Développer sa clientèle grâce au numérique (2 jours)' },
  'outils-bureautique': { partner: 'Chambre d’agriculture', title: 'Tableur : gérer son exploitation (1 jour)' },
  'facturation-electronique': { partner: 'CMA', title: 'Passer à la facture électronique (1 jour)' },
  'reseaux-sociaux': { partner: 'CMA', title: 'Animer sa page professionnelle (1 jour)' },
};

export const WORKSHOPS: WorkshopSeed[] = [
  { slug: 'premiers-pas-internet', title: 'Premiers pas sur Internet', summary: 'Naviguer, trouver une information fiable, remplir une démarche en ligne.', objectives: 'Utiliser un navigateur ; reconnaître un site officiel ; faire une démarche en ligne.', level: 'debutant', minutes: 150, theme: 'internet' },
  { slug: 'outils-bureautique', title: 'Les outils de bureautique', summary: 'Traitement de texte et tableur pour les courriers, devis et suivis de l’entreprise.', objectives: 'Rédiger un courrier type ; tenir un tableau de suivi simple ; enregistrer et retrouver ses fichiers.', level: 'debutant', minutes: 180, theme: 'outils' },
  { slug: 'moteurs-de-recherche', title: 'Bien utiliser les moteurs de recherche', summary: 'Trouver vite la bonne information : mots-clés, filtres, sources fiables.', objectives: 'Formuler une recherche efficace ; trier les résultats ; repérer les publicités.', level: 'debutant', minutes: 120, theme: 'internet' },
  { slug: 'messagerie-electronique', title: 'La messagerie électronique', summary: 'Créer et organiser sa boîte aux lettres, envoyer des pièces jointes, éviter les pièges.', objectives: 'Envoyer un devis en pièce jointe ; classer ses messages ; reconnaître un message frauduleux.', level: 'debutant', minutes: 150, theme: 'communication' },
  { slug: 'creer-son-site-web', title: 'Créer son site web', summary: 'Les étapes d’un site d’entreprise : nom de domaine, hébergement, contenus, mise à jour.', objectives: 'Savoir ce qu’il faut pour un site ; choisir entre les solutions ; préparer ses contenus.', level: 'intermediaire', minutes: 180, theme: 'web', prerequisites: 'Être à l’aise avec la navigation sur Internet.' },
  { slug: 'e-commerce', title: 'Vendre en ligne : l’e-commerce', summary: 'Boutique en ligne, places de marché, paiement, livraison : par où commencer ?', objectives: 'Comparer les façons de vendre en ligne ; estimer les coûts ; connaître les obligations légales.', level: 'intermediaire', minutes: 180, theme: 'vente' },
  { slug: 'lire-un-devis-agence-web', title: 'Lire le devis d’une agence web', summary: 'Comprendre chaque ligne d’un devis de site Internet et poser les bonnes questions.', objectives: 'Repérer ce qui est inclus ou non ; comparer deux devis ; éviter les mauvaises surprises.', level: 'intermediaire', minutes: 120, theme: 'web' },
  { slug: 'booster-ventes-internet', title: 'Booster ses ventes grâce à Internet', summary: 'Se faire connaître des clients proches : fiche d’établissement, avis, référencement local.', objectives: 'Créer sa fiche d’établissement ; répondre aux avis ; mesurer les visites.', level: 'intermediaire', minutes: 150, theme: 'vente' },
  { slug: 'rediger-cahier-des-charges', title: 'Rédiger un cahier des charges', summary: 'Décrire son projet numérique pour obtenir des devis comparables.', objectives: 'Structurer un cahier des charges ; exprimer ses besoins ; fixer un budget et un calendrier.', level: 'intermediaire', minutes: 180, theme: 'web', prerequisites: 'Avoir un projet de site ou d’outil en tête.' },
  { slug: 'reseaux-sociaux', title: 'Les réseaux sociaux pour son entreprise', summary: 'Page Facebook, Instagram, LinkedIn : lequel choisir, quoi publier, combien de temps y passer.', objectives: 'Créer une page professionnelle ; préparer un calendrier de publications ; mesurer l’audience.', level: 'debutant', minutes: 150, theme: 'communication' },
  { slug: 'securite-en-ligne', title: 'La sécurité en ligne', summary: 'Mots de passe, double authentification, sauvegardes, hameçonnage : protéger son entreprise.', objectives: 'Choisir et gérer ses mots de passe ; activer la double authentification ; sauvegarder ses données.', level: 'debutant', minutes: 150, theme: 'securite' },
  { slug: 'facturation-electronique', title: 'Se préparer à la facturation électronique', summary: 'Ce qui change pour les entreprises en 2026-2027 et comment s’y préparer.', objectives: 'Connaître le calendrier ; choisir une plateforme ; adapter ses habitudes de facturation.', level: 'intermediaire', minutes: 150, theme: 'outils' },
  { slug: 'photos-visuels', title: 'De belles photos pour vendre', summary: 'Photographier ses produits au téléphone et préparer des visuels simples.', objectives: 'Réussir une photo de produit ; recadrer et alléger une image ; respecter le droit à l’image.', level: 'debutant', minutes: 120, theme: 'communication' },
  { slug: 'sauvegarde-donnees', title: 'Sauvegarder ses données', summary: 'Ne plus perdre ses fichiers : sauvegarde sur disque, dans le nuage, et la règle 3-2-1.', objectives: 'Mettre en place une sauvegarde automatique ; restaurer un fichier ; savoir où sont ses données.', level: 'debutant', minutes: 120, theme: 'securite' },
  { slug: 'outils-collaboratifs', title: 'Travailler à plusieurs : les outils collaboratifs', summary: 'Agenda partagé, documents en ligne, visioconférence pour les petites équipes.', objectives: 'Partager un agenda ; travailler à deux sur un document ; organiser une visioconférence.', level: 'intermediaire', minutes: 150, theme: 'outils' },
];

export const STAFF: Array<{ key: string; email: string; name: string; role: Role; password: string }> = [
  { key: 'admin', email: 'admin@boutic.localhost', name: 'Dominique Leroy', role: 'administrator', password: 'demo-admin-2026' },
  { key: 'coordinator', email: 'coordination@boutic.localhost', name: 'Camille Delattre', role: 'coordinator', password: 'demo-coordination-2026' },
  { key: 'facilitator1', email: 'animation.saintpol@boutic.localhost', name: 'Julien Caron', role: 'facilitator', password: 'demo-animation-2026' },
  { key: 'facilitator2', email: 'animation.frevent@boutic.localhost', name: 'Sophie Lefebvre', role: 'facilitator', password: 'demo-animation-2026' },
  { key: 'facilitator3', email: 'animation.pernes@boutic.localhost', name: 'Thomas Dumont', role: 'facilitator', password: 'demo-animation-2026' },
  { key: 'partner', email: 'cci@boutic.localhost', name: 'CCI Artois — formation', role: 'partner', password: 'demo-partenaire-2026' },
];

export const FIRST_NAMES = [
  'Marie', 'Jean', 'Nathalie', 'Philippe', 'Isabelle', 'Michel', 'Sylvie', 'Alain', 'Catherine', 'Patrick',
  'Christine', 'Bernard', 'Valérie', 'Éric', 'Sandrine', 'Laurent', 'Céline', 'Frédéric', 'Aurélie', 'Olivier',
  'Émilie', 'Nicolas', 'Julie', 'Sébastien', 'Hélène', 'Thierry', 'Élodie', 'Pascal', 'Delphine', 'Hervé',
];

export const LAST_NAMES = [
  'Lefebvre', 'Dubois', 'Lemaire', 'Delattre', 'Caron', 'Duval', 'Lecomte', 'Vasseur', 'Dufour', 'Leclercq',
  'Wallet', 'Bocquet', 'Delannoy', 'Roussel', 'Fournier', 'Hochart', 'Coppin', 'Dumont', 'Bouton', 'Ternisien',
  'Lagache', 'Hembert', 'Leroy', 'Petit', 'Briche', 'Deregnaucourt', 'Flahaut', 'Queste', 'Cuvillier', 'Vanhee',
];

export const TRADES: Record<Sector, string[]> = {
  agriculture: ['EARL', 'GAEC', 'Ferme', 'Exploitation', 'Élevage'],
  commerce: ['Épicerie', 'Boutique', 'Fleurs', 'Librairie', 'Quincaillerie'],
  tourisme: ['Gîte', 'Chambres d’hôtes', 'Camping', 'Auberge', 'Ferme-auberge'],
  artisanat: ['Menuiserie', 'Boulangerie', 'Plomberie', 'Coiffure', 'Maçonnerie'],
  services: ['Cabinet', 'Taxi', 'Auto-école', 'Agence', 'Conseil'],
  industrie: ['Ateliers', 'Mécanique'],
  autre: ['Association'],
};

export const ROLES = ['gérant(e)', 'exploitant(e)', 'chef d’entreprise', 'conjoint(e) collaborateur(trice)', 'associé(e)'];
export const HEARD_FROM = ['presse locale', 'mairie', 'bouche à oreille', 'chambre consulaire', 'courriel du Pays', 'affiche au cybercentre'];

/** Sector mix: the first cycles drew mostly farmers, then it balanced out (press article, 2012). */
export const PAST_SECTOR_WEIGHTS: Record<Sector, number> = { agriculture: 50, commerce: 14, tourisme: 10, artisanat: 12, services: 10, industrie: 2, autre: 2 };
export const CURRENT_SECTOR_WEIGHTS: Record<Sector, number> = { agriculture: 20, commerce: 22, tourisme: 17, artisanat: 20, services: 17, industrie: 2, autre: 2 };
