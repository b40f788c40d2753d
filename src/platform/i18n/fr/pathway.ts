/** French messages of the leader's path in « Mes inscriptions » (issue 9). */
export const pathway = {
  'pathway.next.title': 'Pour aller plus loin',
  'pathway.next.session': 'Prochaine séance : {when}, {venue} ({commune})',
  'pathway.next.register': 'S’inscrire',
  'pathway.next.none': 'Aucune séance n’est prévue pour l’instant.',
  'pathway.next.ask': 'Demander une séance',
  'pathway.next.empty': 'Vous avez suivi tous les ateliers qui vous correspondent : les chambres consulaires proposent des formations pour aller plus loin.',
  'pathway.reason.diagnostic': 'Recommandé par votre autodiagnostic.',
  'pathway.reason.continuation': 'La suite de « {workshop} », que vous avez suivi.',
  'pathway.reason.same_theme': 'Sur le même thème que « {workshop} ».',
  'pathway.reason.first_steps': 'Un atelier pour débuter.',
  'pathway.partners.title': 'Se former avec les chambres',
  'pathway.partners.intro': 'Pour aller plus loin que les ateliers, les chambres consulaires proposent des formations sur les sujets que vous avez découverts :',
  'pathway.partners.none': 'Après vos premiers ateliers, vous trouverez ici les formations des chambres consulaires (CCI, Chambre de métiers et de l’artisanat, Chambre d’agriculture) qui vous correspondent.',
  'pathway.partners.referrals': 'Mes orientations',
  'pathway.partners.referral': 'Vers {partner}, le {date} : {status}',
  'pathway.partners.ask': 'Demander à être mis en relation avec une chambre',
} as const;
