"""The verbs of reviewing, one module per subdomain:

- ``pool``: invitations, accepting, reviewer profiles;
- ``conflicts``: detection, declarations, an organizer's confirm/dismiss;
- ``bids``: a reviewer's preferences;
- ``expertise``: affinity scores (via the pure ``reviews.affinity``);
- ``assignment``: the automatic proposal (via the pure ``reviews.matching``), manual edits,
  confirming;
- ``reviewing``: the review form's save, submit and what each person may read;
- ``reminders``: reminder mails before and after the review deadline;
- ``decisions``: scores per paper, decisions, decision mails.

Each verb takes keyword arguments, runs in one transaction and checks the acting user
with the same ``reviews.rules`` permissions the views use.
"""
