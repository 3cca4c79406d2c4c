// Which actions need a logged-in session or the fault switch; everything else is public.
module.exports.policies = {
  'account/me': 'is-logged-in',
  'messages/create': 'is-logged-in',
  'fault/*': 'fault-switch-on',
};
