import type { Role, Sector } from '../platform/db/schema.js';

/**
 * The demo's fixed texts: the programme of the Pays du Ternois as the 2012 press article describes
 * it (four cybercentres, about fifteen workshops, small groups, beginners' slots). Addresses, phone
 * numbers and people are fictitious.
 */

export const PROGRAMME = {
  name: 'Boutic',
  funder: 'Région Hauts-de-France',
  publisher: 'Pays du Ternois',
  tagline:
    'Des ateliers gratuits, en petits groupes, dans les quatre cybercentres du Ternois, pour découvrir ce qu’Internet et les outils numériques peuvent apporter à votre entreprise.',
  contact_email: 'boutic@ternois.localhost',
  contact_phone: '03 21 00 00 00',
};

export interface VenueSeed {
  slug: string;
  commune: string; // INSEE code
  name: string;
  address: string;
  workstations: number;
  accessible: 0 | 1;
  equipment: string;
  hours: string;
  phone: string;
}

export const VENUES: VenueSeed[] = [
  {
    slug: 'saint-pol-sur-ternoise',
    commune: '62767',
    name: 'Cybercentre de Saint-Pol-sur-Ternoise',
    address: '1 place de l’Hôtel de Ville',
    workstations: 12,
    accessible: 1,
    equipment: '12 postes, vidéoprojecteur, imprimante couleur, scanner, Wi-Fi, boucle magnétique',
    hours: 'Du mardi au samedi, 9 h – 12 h et 14 h – 18 h',
    phone: '03 21 00 00 01',
  },
  {
    slug: 'frevent',
    commune: '62361',
    name: 'Cybercentre de Frévent',
    address: '2 rue du Château',
    workstations: 8,
    accessible: 1,
    equipment: '8 postes, vidéoprojecteur, imprimante, Wi-Fi',
    hours: 'Lundi, mercredi et vendredi, 9 h – 12 h et 14 h – 17 h',
    phone: '03 21 00 00 02',
  },
  {
    slug: 'auxi-le-chateau',
    commune: '62060',
    name: 'Cybercentre d’Auxi-le-Château',
    address: '3 rue de la Mairie',
    workstations: 8,
    accessible: 0,
    equipment: '8 postes, écran interactif, imprimante, Wi-Fi (salle à l’étage, sans ascenseur)',
    hours: 'Mardi et jeudi, 14 h – 19 h ; samedi, 9 h – 12 h',
    phone: '03 21 00 00 03',
  },
  {
    slug: 'pernes',
    commune: '62652',
    name: 'Cybercentre de Pernes-en-Artois',
    address: '4 Grand’Place',
    workstations: 10,
    accessible: 1,
    equipment: '10 postes, vidéoprojecteur, imprimante, appareil photo et boîte à lumière, Wi-Fi',
    hours: 'Du lundi au vendredi, 14 h – 18 h ; soirées d’ateliers sur rendez-vous',
    phone: '03 21 00 00 04',
  },
];

export interface WorkshopSeed {
  slug: string;
  title: string;
  summary: string;
  description: string;
  objectives: string;
  level: 'debutant' | 'intermediaire';
  minutes: number;
  theme: 'outils' | 'internet' | 'web' | 'vente' | 'communication' | 'securite';
  prerequisites?: string;
}

const GROUP = 'Atelier en petit groupe, un poste par personne ; venez avec vos questions et, si vous le souhaitez, vos propres documents.';

export const WORKSHOPS: WorkshopSeed[] = [
  {
    slug: 'premiers-pas-internet', title: 'Premiers pas sur Internet', level: 'debutant', minutes: 150, theme: 'internet',
    summary: 'Naviguer, trouver une information fiable, remplir une démarche en ligne.',
    description: `Pour celles et ceux qui n’ont jamais ou peu utilisé Internet : ouvrir un navigateur, aller sur un site, revenir en arrière, remplir un formulaire. On termine par une vraie démarche d’entreprise sur un site officiel. ${GROUP}`,
    objectives: 'Utiliser un navigateur ; reconnaître un site officiel ; faire une démarche en ligne.',
  },
  {
    slug: 'outils-bureautique', title: 'Les outils de bureautique', level: 'debutant', minutes: 180, theme: 'outils',
    summary: 'Traitement de texte et tableur pour les courriers, devis et suivis de l’entreprise.',
    description: `Un courrier à en-tête, un modèle de devis, un tableau de suivi des clients ou des livraisons : les gestes utiles du traitement de texte et du tableur, avec des logiciels gratuits ou ceux que vous avez déjà. ${GROUP}`,
    objectives: 'Rédiger un courrier type ; tenir un tableau de suivi simple ; enregistrer et retrouver ses fichiers.',
  },
  {
    slug: 'moteurs-de-recherche', title: 'Bien utiliser les moteurs de recherche', level: 'debutant', minutes: 120, theme: 'internet',
    summary: 'Trouver vite la bonne information : mots-clés, filtres, sources fiables.',
    description: `Un fournisseur, une réglementation, un prix de marché : savoir chercher fait gagner du temps. On compare les moteurs, on affine avec des mots-clés et des filtres, et l’on apprend à distinguer les annonces payantes des résultats. ${GROUP}`,
    objectives: 'Formuler une recherche efficace ; trier les résultats ; repérer les publicités.',
  },
  {
    slug: 'messagerie-electronique', title: 'La messagerie électronique', level: 'debutant', minutes: 150, theme: 'communication',
    summary: 'Créer et organiser sa boîte aux lettres, envoyer des pièces jointes, éviter les pièges.',
    description: `Une adresse professionnelle, une signature, des dossiers pour classer, des pièces jointes qui partent bien : la messagerie au quotidien, et les messages frauduleux à reconnaître avant de cliquer. ${GROUP}`,
    objectives: 'Envoyer un devis en pièce jointe ; classer ses messages ; reconnaître un message frauduleux.',
  },
  {
    slug: 'creer-son-site-web', title: 'Créer son site web', level: 'intermediaire', minutes: 180, theme: 'web',
    prerequisites: 'Être à l’aise avec la navigation sur Internet.',
    summary: 'Les étapes d’un site d’entreprise : nom de domaine, hébergement, contenus, mise à jour.',
    description: `Faut-il un site, et lequel ? On passe en revue les solutions (page simple, site clé en main, agence), ce qu’elles coûtent vraiment et les écueils à éviter, puis on prépare les textes et les photos de votre futur site. ${GROUP}`,
    objectives: 'Savoir ce qu’il faut pour un site ; choisir entre les solutions ; préparer ses contenus.',
  },
  {
    slug: 'e-commerce', title: 'Vendre en ligne : l’e-commerce', level: 'intermediaire', minutes: 180, theme: 'vente',
    prerequisites: 'Avoir suivi « Créer son site web » ou avoir déjà un site.',
    summary: 'Boutique en ligne, places de marché, paiement, livraison : par où commencer ?',
    description: `Vente à la ferme avec retrait, boutique en ligne, place de marché, réseau de producteurs : les façons de vendre sur Internet, leurs coûts, le paiement, l’expédition et les mentions légales obligatoires. ${GROUP}`,
    objectives: 'Comparer les façons de vendre en ligne ; estimer les coûts ; connaître les obligations légales.',
  },
  {
    slug: 'lire-un-devis-agence-web', title: 'Lire le devis d’une agence web', level: 'intermediaire', minutes: 120, theme: 'web',
    summary: 'Comprendre chaque ligne d’un devis de site Internet et poser les bonnes questions.',
    description: `Hébergement, maintenance, référencement, propriété du nom de domaine et des contenus : on décortique des devis réels (anonymisés) pour savoir ce qui est inclus, ce qui ne l’est pas, et comment comparer deux offres. ${GROUP}`,
    objectives: 'Repérer ce qui est inclus ou non ; comparer deux devis ; éviter les mauvaises surprises.',
  },
  {
    slug: 'booster-ventes-internet', title: 'Booster ses ventes grâce à Internet', level: 'intermediaire', minutes: 150, theme: 'vente',
    summary: 'Se faire connaître des clients proches : fiche d’établissement, avis, référencement local.',
    description: `Quand un client cherche « boulangerie Frévent » ou « gîte près de Saint-Pol », vous trouve-t-il ? Fiche d’établissement sur les cartes en ligne, horaires à jour, réponses aux avis, annuaires locaux : de quoi attirer les clients du territoire. ${GROUP}`,
    objectives: 'Créer sa fiche d’établissement ; répondre aux avis ; mesurer les visites.',
  },
  {
    slug: 'rediger-cahier-des-charges', title: 'Rédiger un cahier des charges', level: 'intermediaire', minutes: 180, theme: 'web',
    prerequisites: 'Avoir un projet de site ou d’outil en tête.',
    summary: 'Décrire son projet numérique pour obtenir des devis comparables.',
    description: `Un bon cahier des charges évite les malentendus avec un prestataire. On part de votre projet pour écrire, pas à pas, le contexte, les besoins, les contraintes, le budget et le calendrier. Vous repartez avec un document prêt à envoyer. ${GROUP}`,
    objectives: 'Structurer un cahier des charges ; exprimer ses besoins ; fixer un budget et un calendrier.',
  },
  {
    slug: 'reseaux-sociaux', title: 'Les réseaux sociaux pour son entreprise', level: 'debutant', minutes: 150, theme: 'communication',
    summary: 'Page Facebook, Instagram, LinkedIn : lequel choisir, quoi publier, combien de temps y passer.',
    description: `Les réseaux sociaux peuvent faire connaître une exploitation, un commerce ou un gîte, à condition d’y passer un temps raisonnable. On crée une page professionnelle, on prépare quelques publications et on apprend à lire ses statistiques. ${GROUP}`,
    objectives: 'Créer une page professionnelle ; préparer un calendrier de publications ; mesurer l’audience.',
  },
  {
    slug: 'securite-en-ligne', title: 'La sécurité en ligne', level: 'debutant', minutes: 150, theme: 'securite',
    summary: 'Mots de passe, double authentification, hameçonnage : protéger son entreprise.',
    description: `Un compte piraté ou un faux ordre de virement peut coûter cher à une petite entreprise. Les bons réflexes : mots de passe solides et gestionnaire, double authentification, mises à jour, et que faire si l’on s’est fait avoir. ${GROUP}`,
    objectives: 'Choisir et gérer ses mots de passe ; activer la double authentification ; réagir à une fraude.',
  },
  {
    slug: 'facturation-electronique', title: 'Se préparer à la facturation électronique', level: 'intermediaire', minutes: 150, theme: 'outils',
    summary: 'Ce qui change pour les entreprises en 2026-2027 et comment s’y préparer.',
    description: `Toutes les entreprises devront recevoir des factures électroniques, puis en émettre. Le calendrier, le rôle des plateformes agréées, les mentions nouvelles et les habitudes à changer, expliqués simplement. ${GROUP}`,
    objectives: 'Connaître le calendrier ; choisir une plateforme ; adapter ses habitudes de facturation.',
  },
  {
    slug: 'photos-visuels', title: 'De belles photos pour vendre', level: 'debutant', minutes: 120, theme: 'communication',
    summary: 'Photographier ses produits au téléphone et préparer des visuels simples.',
    description: `Lumière, cadrage, arrière-plan : réussir la photo d’un produit, d’un plat ou d’une chambre avec son téléphone, puis la recadrer et l’alléger pour le web. Apportez un ou deux produits à photographier. ${GROUP}`,
    objectives: 'Réussir une photo de produit ; recadrer et alléger une image ; respecter le droit à l’image.',
  },
  {
    slug: 'sauvegarde-donnees', title: 'Sauvegarder ses données', level: 'debutant', minutes: 120, theme: 'securite',
    summary: 'Ne plus perdre ses fichiers : sauvegarde sur disque, dans le nuage, et la règle 3-2-1.',
    description: `Un ordinateur qui tombe en panne, un téléphone perdu : sans sauvegarde, ce sont des années de factures et de photos qui disparaissent. On met en place une sauvegarde automatique et l’on s’entraîne à restaurer un fichier. ${GROUP}`,
    objectives: 'Mettre en place une sauvegarde automatique ; restaurer un fichier ; savoir où sont ses données.',
  },
  {
    slug: 'outils-collaboratifs', title: 'Travailler à plusieurs : les outils collaboratifs', level: 'intermediaire', minutes: 150, theme: 'outils',
    summary: 'Agenda partagé, documents en ligne, visioconférence pour les petites équipes.',
    description: `Entre associés, avec un conjoint collaborateur ou un comptable : partager un agenda, travailler sur le même document sans s’envoyer dix versions, tenir une réunion à distance. ${GROUP}`,
    objectives: 'Partager un agenda ; travailler à deux sur un document ; organiser une visioconférence.',
  },
];

export interface StaffSeed {
  key: string;
  email: string;
  name: string;
  role: Role;
  password: string;
}

export const STAFF: StaffSeed[] = [
  { key: 'admin', email: 'admin@boutic.localhost', name: 'Dominique Leroy', role: 'administrator', password: 'demo-admin-2026' },
  { key: 'coordinator', email: 'coordination@boutic.localhost', name: 'Camille Delattre', role: 'coordinator', password: 'demo-coordination-2026' },
  { key: 'facilitator1', email: 'animation.saintpol@boutic.localhost', name: 'Julien Caron', role: 'facilitator', password: 'demo-animation-2026' },
  { key: 'facilitator2', email: 'animation.frevent@boutic.localhost', name: 'Sophie Lefebvre', role: 'facilitator', password: 'demo-animation-2026' },
  { key: 'facilitator3', email: 'animation.pernes@boutic.localhost', name: 'Thomas Dumont', role: 'facilitator', password: 'demo-animation-2026' },
  { key: 'partner', email: 'cci@boutic.localhost', name: 'CCI Artois — formation', role: 'partner', password: 'demo-partenaire-2026' },
  { key: 'elected', email: 'elus@boutic.localhost', name: 'Claire Vasseur — vice-présidente, développement économique', role: 'elected', password: 'demo-elus-2026' },
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

/** Company name prefixes by sector, with the NAF rév. 2 code of that activity. */
export const TRADES: Record<Sector, Array<{ label: string; naf: string }>> = {
  agriculture: [
    { label: 'EARL', naf: '01.50Z' }, { label: 'GAEC', naf: '01.41Z' }, { label: 'Ferme', naf: '01.50Z' },
    { label: 'Exploitation', naf: '01.11Z' }, { label: 'Élevage', naf: '01.46Z' }, { label: 'Vergers', naf: '01.24Z' },
  ],
  commerce: [
    { label: 'Épicerie', naf: '47.11B' }, { label: 'Boutique', naf: '47.71Z' }, { label: 'Fleurs', naf: '47.76Z' },
    { label: 'Librairie', naf: '47.61Z' }, { label: 'Quincaillerie', naf: '47.52A' },
  ],
  tourisme: [
    { label: 'Gîte', naf: '55.20Z' }, { label: 'Chambres d’hôtes', naf: '55.20Z' }, { label: 'Camping', naf: '55.30Z' },
    { label: 'Auberge', naf: '56.10A' }, { label: 'Ferme-auberge', naf: '56.10A' },
  ],
  artisanat: [
    { label: 'Menuiserie', naf: '43.32A' }, { label: 'Boulangerie', naf: '10.71C' }, { label: 'Plomberie', naf: '43.22A' },
    { label: 'Coiffure', naf: '96.02A' }, { label: 'Maçonnerie', naf: '43.99C' },
  ],
  services: [
    { label: 'Cabinet', naf: '69.20Z' }, { label: 'Taxi', naf: '49.32Z' }, { label: 'Auto-école', naf: '85.53Z' },
    { label: 'Agence', naf: '68.31Z' }, { label: 'Conseil', naf: '70.22Z' },
  ],
  industrie: [{ label: 'Ateliers', naf: '25.62B' }, { label: 'Mécanique', naf: '33.12Z' }],
  autre: [{ label: 'Association', naf: '94.99Z' }],
};

export const ROLES = ['gérant(e)', 'exploitant(e)', 'chef d’entreprise', 'conjoint(e) collaborateur(trice)', 'associé(e)'];
export const HEARD_FROM = ['presse locale', 'mairie', 'bouche à oreille', 'chambre consulaire', 'courriel du Pays', 'affiche au cybercentre'];

/** Sector mix: the first cycles drew mostly farmers, then it balanced out (press article, 2012). */
export const PAST_SECTOR_WEIGHTS: Record<Sector, number> = { agriculture: 50, commerce: 14, tourisme: 10, artisanat: 12, services: 10, industrie: 2, autre: 2 };
export const CURRENT_SECTOR_WEIGHTS: Record<Sector, number> = { agriculture: 20, commerce: 22, tourisme: 17, artisanat: 20, services: 17, industrie: 2, autre: 2 };

/**
 * Questions asked in the workshops of the past cycle, with the facilitator's short answer, by
 * workshop slug (the ones the press article quotes among them). `published`: the coordination
 * has put it in the workshop's public FAQ; the others wait for review.
 */
export const QUESTIONS: Array<{ workshop: string; question: string; answer: string; published: boolean }> = [
  { workshop: 'lire-un-devis-agence-web', question: 'Comment lire un devis ?', answer: 'Repérez ce qui est unique (la création, le paramétrage) et ce qui revient chaque année (hébergement, nom de domaine, maintenance). Demandez que chaque ligne dise ce qui est livré, et à qui appartiendront le site et le nom de domaine.', published: true },
  { workshop: 'lire-un-devis-agence-web', question: 'Un devis à 800 € et un autre à 4 000 € pour le même site, c’est normal ?', answer: 'Souvent ils ne proposent pas la même chose : un modèle adapté d’un côté, une création sur mesure de l’autre. Comparez poste par poste avec votre cahier des charges en main.', published: true },
  { workshop: 'creer-son-site-web', question: 'Faut-il un site ou une page Facebook ?', answer: 'Les deux ne jouent pas le même rôle : la page Facebook fait vivre la relation, le site vous appartient et se trouve dans les moteurs de recherche. Pour commencer, une page bien tenue suffit souvent ; le site vient quand vous voulez présenter vos produits ou vendre.', published: true },
  { workshop: 'creer-son-site-web', question: 'Combien de temps faut-il pour tenir un site à jour ?', answer: 'Comptez une heure par semaine pour un site vitrine : les horaires, une actualité, une photo. Mieux vaut peu de pages, à jour, que beaucoup de pages oubliées.', published: true },
  { workshop: 'moteurs-de-recherche', question: 'Pourquoi mon entreprise n’apparaît-elle pas sur Google ?', answer: 'Créez et vérifiez votre fiche d’établissement, avec l’adresse, les horaires et des photos : c’est elle qui apparaît sur la carte. Un site, même simple, aide ensuite.', published: true },
  { workshop: 'e-commerce', question: 'Faut-il déclarer les ventes faites en ligne ?', answer: 'Oui, comme toutes les ventes. Les conditions générales de vente et le droit de rétractation de 14 jours s’appliquent ; la chambre de commerce peut vous accompagner.', published: true },
  { workshop: 'messagerie-electronique', question: 'Comment reconnaître un courriel frauduleux ?', answer: 'Méfiez-vous de l’urgence, des pièces jointes inattendues et des liens vers une page qui demande un mot de passe. En cas de doute, appelez l’expéditeur avec le numéro que vous connaissez.', published: true },
  { workshop: 'securite-en-ligne', question: 'Un seul mot de passe pour tout, c’est risqué ?', answer: 'Oui : si un site se fait voler ses données, tous vos comptes sont ouverts. Un gestionnaire de mots de passe retient des mots de passe différents à votre place.', published: false },
  { workshop: 'outils-bureautique', question: 'Un tableur peut-il remplacer mon logiciel de caisse ?', answer: 'Pour suivre un stock ou des devis, oui ; pour encaisser, non : un logiciel de caisse certifié est obligatoire.', published: false },
];

/** What some people wrote in « Vos attentes » when registering (read by the facilitator). */
export const REGISTRATION_NOTES = [
  'J’ai reçu un devis pour un site et je ne sais pas comment le comparer.',
  'Je voudrais vendre mes colis de viande en ligne.',
  'Je suis malvoyant : un grand écran m’aiderait.',
  'Je n’ai jamais utilisé de tableur.',
  'Mon fils a créé une page Facebook pour la ferme, je voudrais la reprendre.',
  'Je viens avec mon ordinateur portable si possible.',
];
