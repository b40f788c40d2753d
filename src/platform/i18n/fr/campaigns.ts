/** Messages of the campaigns: unsubscribing (the rest joins as the campaigns are built). */
export const campaigns = {
  'unsubscribe.title': 'Ne plus recevoir les messages du programme',
  'unsubscribe.intro': 'L’adresse {email} ne recevra plus aucun message d’information de {programme} (les confirmations et rappels de vos inscriptions restent envoyés). C’est définitif.',
  'unsubscribe.submit': 'Me désinscrire',
  'unsubscribe.done.title': 'Vous êtes désinscrit',
  'unsubscribe.done.body': 'Vous ne recevrez plus de messages d’information du programme. Vous pouvez toujours vous inscrire aux ateliers depuis le site.',
  'unsubscribe.unknown.title': 'Lien de désinscription introuvable',
  'unsubscribe.unknown.body': 'Ce lien n’est pas valable. Vérifiez qu’il est complet : il est parfois coupé en deux dans les messageries.',
  'campaigns.mail.all_sessions': 'Voir tous les ateliers et s’inscrire',
  'campaigns.mail.identity': 'Un message de {programme}, publié par {publisher}.',
  'campaigns.mail.why.consent': 'Vous le recevez parce que vous avez accepté, en vous inscrivant à un atelier, de recevoir les nouvelles du programme.',
  'campaigns.mail.why.interest': 'Vous le recevez en tant que chef d’entreprise du territoire (prospection entre professionnels, intérêt légitime).',
  'campaigns.mail.unsubscribe': 'Ne plus recevoir ces messages, en un clic : {url}',
} as const;
