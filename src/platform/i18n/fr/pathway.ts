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
} as const;
