"""The permission matrix, written once: for every URL pattern (by name, or by its route when it
has none) and every method asked, the answer each persona gets. test_permission_matrix.py
asks every cell; a URL missing here, or a row for a URL that is gone, fails it.

The personas (columns, in this order) around one double-blind paper under review, built by
world.py: anonymous; its author; a co-author whose listed address is not verified yet (logged
in with another, verified one); the author of another paper of the workshop; a reviewer
assigned to the paper; a reviewer in the pool without it (bidding is open); a reviewer in
conflict with it; a reviewer removed from the pool after reviewing it; an organizer of the
workshop; an organizer of another workshop (both staff); a superuser.

GET is asked of every URL. POST is asked where a page shows a form posting there (the test
fails if a page shows a form posting to a URL with no POST row here), with the form's own
fields and a valid CSRF token; the API's writes send the bodies in matrix.py.

An answer is a status code, or for a redirect where it leads:
    →login   the site's login page          →admin   the admin's login page
    →index   the admin's index (its answer for a row that is not yours, or a refusal)
    302      anywhere else (after a write, or back to the page with a message)

A paper someone may not see is a 404, never a 403: a 403 would confirm that it exists. A 403
is for what does not depend on a paper (a workshop's reviewing pages for a non-reviewer, an
admin model the organizer may not use) or for a paper the person can already see.
"""

# ruff: noqa: E501 — one row per line reads best; rows are wider than the code around them.

# Cells that answer wrongly today, each with the wrong answer and why. The table above says
# the right answer; the test xfails on these cells alone and fails once they are fixed, so the
# entry gets removed.
KNOWN_BUGS: dict[tuple[str, str, str], tuple[str, str]] = {}

TABLE = """
# --- The site's own pages and the admin: the admin answers every non-staff persona with its login page.
# URL name (or route)                              method anon    author  unverif oth-aut assign  unassig conflic removed organiz oth-org superus
healthz                                            GET    200     200     200     200     200     200     200     200     200     200     200
favicon                                            GET    302     302     302     302     302     302     302     302     302     302     302
admin:index                                        GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:login                                        GET    200     200     200     200     200     200     200     200     →index  →index  →index
admin:login                                        POST   200     200     200     200     200     200     200     200     200     200     200
admin:logout                                       GET    →index  →index  →index  →index  →index  →index  →index  →index  405     405     405
admin:logout                                       POST   →index  →index  →index  →index  →index  →index  →index  →index  200     200     200
admin:password_change                              GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:password_change                              POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:password_change_done                         GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:autocomplete                                 GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:jsi18n                                       GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:view_on_site                                 GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     404     302  # other-org: a row outside their admin
admin:auth_group_changelist                        GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:auth_group_changelist                        POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     302
admin:auth_group_add                               GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:auth_group_add                               POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:auth_group_history                           GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:auth_group_delete                            GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:auth_group_delete                            POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     302
admin:auth_group_change                            GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:auth_group_change                            POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     302
admin/auth/group/<path:object_id>/                 GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:sites_site_changelist                        GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:sites_site_changelist                        POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     302
admin:sites_site_add                               GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:sites_site_add                               POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:sites_site_history                           GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:sites_site_delete                            GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:sites_site_delete                            POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     302
admin:sites_site_change                            GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:sites_site_change                            POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     302
admin/sites/site/<path:object_id>/                 GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:authtoken_tokenproxy_changelist              GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:authtoken_tokenproxy_changelist              POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:authtoken_tokenproxy_add                     GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:authtoken_tokenproxy_add                     POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:authtoken_tokenproxy_history                 GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:authtoken_tokenproxy_delete                  GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:authtoken_tokenproxy_delete                  POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     302
admin:authtoken_tokenproxy_change                  GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:authtoken_tokenproxy_change                  POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     302
admin/authtoken/tokenproxy/<path:object_id>/       GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:account_emailaddress_changelist              GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:account_emailaddress_changelist              POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     302
admin:account_emailaddress_add                     GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:account_emailaddress_add                     POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:account_emailaddress_history                 GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:account_emailaddress_delete                  GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:account_emailaddress_delete                  POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     302
admin:account_emailaddress_change                  GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:account_emailaddress_change                  POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     302
admin/account/emailaddress/<path:object_id>/       GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:auth_user_password_change                    GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:auth_user_password_change                    POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:people_user_changelist                       GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:people_user_changelist                       POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     302
admin:people_user_add                              GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:people_user_add                              POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:people_user_history                          GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:people_user_delete                           GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:people_user_change                           GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200  # staff organizers pick people for roles among all accounts
admin:people_user_change                           POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     302
admin/people/user/<path:object_id>/                GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:workshop_series_changelist                   GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:workshop_series_changelist                   POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     302
admin:workshop_series_add                          GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:workshop_series_add                          POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:workshop_series_history                      GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:workshop_series_delete                       GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:workshop_series_delete                       POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     302
admin:workshop_series_change                       GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:workshop_series_change                       POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     302
admin/workshop/series/<path:object_id>/            GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:workshop_workshop_changelist                 GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:workshop_workshop_changelist                 POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     302
admin:workshop_workshop_add                        GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:workshop_workshop_add                        POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:workshop_workshop_history                    GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:workshop_workshop_delete                     GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     200
admin:workshop_workshop_change                     GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:workshop_workshop_change                     POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     →index  302
admin/workshop/workshop/<path:object_id>/          GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:workshop_outgoingemail_changelist            GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:workshop_outgoingemail_changelist            POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:workshop_outgoingemail_add                   GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:workshop_outgoingemail_history               GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:workshop_outgoingemail_delete                GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:workshop_outgoingemail_change                GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:workshop_outgoingemail_change                POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin/workshop/outgoingemail/<path:object_id>/     GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:workshop_auditentry_changelist               GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:workshop_auditentry_changelist               POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:workshop_auditentry_add                      GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:workshop_auditentry_history                  GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:workshop_auditentry_delete                   GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:workshop_auditentry_change                   GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:workshop_auditentry_change                   POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403  # read-only: the trail is written by the services
admin/workshop/auditentry/<path:object_id>/        GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:submissions_submission_changelist            GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:submissions_submission_changelist            POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:submissions_submission_add                   GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:submissions_submission_history               GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:submissions_submission_delete                GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:submissions_submission_change                GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:submissions_submission_change                POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     →index  302
admin/submissions/submission/<path:object_id>/     GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_conflict_changelist                  GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_conflict_changelist                  POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_conflict_add                         GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_conflict_add                         POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_conflict_history                     GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_conflict_delete                      GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:reviews_conflict_change                      GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_conflict_change                      POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     →index  403
admin/reviews/conflict/<path:object_id>/           GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_institutionalias_changelist          GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_institutionalias_changelist          POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_institutionalias_add                 GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_institutionalias_add                 POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_institutionalias_history             GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_institutionalias_delete              GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_institutionalias_delete              POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_institutionalias_change              GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_institutionalias_change              POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin/reviews/institutionalias/<path:object_id>/   GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_reviewerinvitation_changelist        GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_reviewerinvitation_changelist        POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_reviewerinvitation_add               GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:reviews_reviewerinvitation_history           GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_reviewerinvitation_delete            GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_reviewerinvitation_delete            POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  →index  →index  →index
admin:reviews_reviewerinvitation_change            GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_reviewerinvitation_change            POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin/reviews/reviewerinvitation/<path:object_id>/ GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_reviewerprofile_changelist           GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_reviewerprofile_changelist           POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_reviewerprofile_add                  GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:reviews_reviewerprofile_history              GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_reviewerprofile_delete               GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_reviewerprofile_delete               POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     →index  302
admin:reviews_reviewerprofile_change               GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_reviewerprofile_change               POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     →index  302
admin/reviews/reviewerprofile/<path:object_id>/    GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_reviewjob_changelist                 GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_reviewjob_changelist                 POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_reviewjob_add                        GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:reviews_reviewjob_history                    GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_reviewjob_delete                     GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:reviews_reviewjob_change                     GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_reviewjob_change                     POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin/reviews/reviewjob/<path:object_id>/          GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_assignment_changelist                GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_assignment_changelist                POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_assignment_add                       GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:reviews_assignment_history                   GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_assignment_delete                    GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:reviews_assignment_change                    GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_assignment_change                    POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin/reviews/assignment/<path:object_id>/         GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_review_changelist                    GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_review_changelist                    POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_review_add                           GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:reviews_review_history                       GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_review_delete                        GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:reviews_review_change                        GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_review_change                        POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin/reviews/review/<path:object_id>/             GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_bid_changelist                       GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_bid_changelist                       POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_bid_add                              GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:reviews_bid_history                          GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_bid_delete                           GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:reviews_bid_change                           GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_bid_change                           POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin/reviews/bid/<path:object_id>/                GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_decisionnotice_changelist            GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_decisionnotice_changelist            POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_decisionnotice_add                   GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:reviews_decisionnotice_history               GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_decisionnotice_delete                GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:reviews_decisionnotice_change                GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_decisionnotice_change                POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin/reviews/decisionnotice/<path:object_id>/     GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_desk_assignment                      GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_assignment                      POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     404     302
admin:reviews_desk_decisions                       GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_decisions                       POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     404     302
admin:reviews_desk_decision_mails                  GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_decision_mails                  POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     404     302
admin:reviews_desk_invite                          GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_invite                          POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  400     404     400
admin:reviews_desk_glance                          GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_export_submissions_csv          GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_export_submissions_json         GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_export_reviews_csv              GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_export_reviews_json             GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_export_assignments_csv          GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_export_assignments_json         GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_export_bids_csv                 GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_export_bids_json                GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_export_conflicts_csv            GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_export_conflicts_json           GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_export_outbox_csv               GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_desk_export_outbox_json              GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:reviews_reviewingoverview_changelist         GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_reviewingoverview_changelist         POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_reviewingoverview_add                GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:reviews_reviewingoverview_history            GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_reviewingoverview_delete             GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:reviews_reviewingoverview_change             GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin/reviews/reviewingoverview/<path:object_id>/  GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_reviewsettings_changelist            GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_reviewsettings_changelist            POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_reviewsettings_add                   GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_reviewsettings_add                   POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_reviewsettings_history               GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_reviewsettings_delete                GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_reviewsettings_delete                POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     →index  302
admin:reviews_reviewsettings_change                GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_reviewsettings_change                POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     →index  302
admin/reviews/reviewsettings/<path:object_id>/     GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_decisiontemplate_changelist          GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_decisiontemplate_changelist          POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:reviews_decisiontemplate_add                 GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_decisiontemplate_add                 POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:reviews_decisiontemplate_history             GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_decisiontemplate_delete              GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_decisiontemplate_delete              POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     →index  302
admin:reviews_decisiontemplate_change              GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:reviews_decisiontemplate_change              POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     →index  302
admin/reviews/decisiontemplate/<path:object_id>/   GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:schedule_program_draft                       GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     404     302
admin:schedule_program_draft                       POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     404     302
admin:schedule_program_release                     GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:schedule_program_release                     POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     404     200
admin:schedule_program_changelist                  GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:schedule_program_changelist                  POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:schedule_program_add                         GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:schedule_program_history                     GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:schedule_program_delete                      GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:schedule_program_change                      GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:schedule_program_change                      POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     →index  302
admin/schedule/program/<path:object_id>/           GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:schedule_scheduleitem_changelist             GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:schedule_scheduleitem_changelist             POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:schedule_scheduleitem_add                    GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:schedule_scheduleitem_history                GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:schedule_scheduleitem_delete                 GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:schedule_scheduleitem_delete                 POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     →index  302
admin:schedule_scheduleitem_change                 GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:schedule_scheduleitem_change                 POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     →index  302
admin/schedule/scheduleitem/<path:object_id>/      GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:schedule_room_changelist                     GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:schedule_room_changelist                     POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:schedule_room_add                            GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:schedule_room_add                            POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:schedule_room_history                        GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:schedule_room_delete                         GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:schedule_room_change                         GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:schedule_room_change                         POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     →index  302
admin/schedule/room/<path:object_id>/              GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:schedule_schedulerelease_changelist          GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:schedule_schedulerelease_changelist          POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin:schedule_schedulerelease_add                 GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:schedule_schedulerelease_history             GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:schedule_schedulerelease_delete              GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin:schedule_schedulerelease_change              GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     →index  200
admin:schedule_schedulerelease_change              POST   →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  403     403     403
admin/schedule/schedulerelease/<path:object_id>/   GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  302     302     302
admin:app_list                                     GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  200     200     200
admin/(?P<url>.*)$                                 GET    →admin  →admin  →admin  →admin  →admin  →admin  →admin  →admin  404     404     404

# --- Accounts (allauth).
# URL name (or route)                              method anon    author  unverif oth-aut assign  unassig conflic removed organiz oth-org superus
account_login                                      GET    200     302     302     302     302     302     302     302     302     302     302
account_login                                      POST   200     302     302     302     302     302     302     302     302     302     302
account_logout                                     GET    302     200     200     200     200     200     200     200     200     200     200
account_logout                                     POST   302     302     302     302     302     302     302     302     302     302     302
account_inactive                                   GET    200     200     200     200     200     200     200     200     200     200     200
account_signup                                     GET    200     302     302     302     302     302     302     302     302     302     302
account_signup                                     POST   200     302     302     302     302     302     302     302     302     302     302
account_reauthenticate                             GET    →login  200     200     200     200     200     200     200     200     200     200
account_reauthenticate                             POST   →login  200     200     200     200     200     200     200     200     200     200
account_request_reauthentication_code              GET    →login  200     200     200     200     200     200     200     200     200     200
account_request_reauthentication_code              POST   →login  302     302     302     302     302     302     302     302     302     302
account_confirm_reauthentication_code              GET    →login  302     302     302     302     302     302     302     302     302     302
account_email                                      GET    →login  200     200     200     200     200     200     200     200     200     200
account_email                                      POST   →login  200     302     200     200     200     200     200     200     200     200
account_email_verification_sent                    GET    200     200     200     200     200     200     200     200     200     200     200
account_change_password                            GET    →login  200     200     200     200     200     200     200     200     200     200
account_change_password                            POST   →login  200     200     200     200     200     200     200     200     200     200
account_set_password                               GET    →login  302     302     302     302     302     302     302     302     302     302
account_reset_password                             GET    200     200     200     200     200     200     200     200     200     200     200
account_reset_password                             POST   200     200     200     200     200     200     200     200     200     200     200
account_confirm_login_code                         GET    →login  302     302     302     302     302     302     302     302     302     302
account_confirm_email                              GET    200     200     200     200     200     200     200     200     200     200     200
account_confirm_email                              POST   →login  →login  302     →login  →login  →login  →login  →login  →login  →login  →login
account_reset_password_from_key_done               GET    200     200     200     200     200     200     200     200     200     200     200
account_reset_password_from_key                    GET    302     302     302     302     302     302     302     302     302     302     302
account_reset_password_done                        GET    200     200     200     200     200     200     200     200     200     200     200

# --- The API: 401 without a login; a paper the caller may not read is a 404.
# URL name (or route)                              method anon    author  unverif oth-aut assign  unassig conflic removed organiz oth-org superus
api-token                                          GET    405     405     405     405     405     405     405     405     405     405     405
api-token                                          POST   401     401     401     401     401     401     401     401     401     401     401  # a wrong login
api-submissions                                    GET    401     200     200     200     200     200     200     200     200     200     200
api-submissions                                    POST   401     201     400     400     400     400     400     400     400     400     201
api-submission                                     GET    401     200     404     404     404     404     404     404     200     404     200
api-submission                                     PATCH  401     200     404     404     404     404     404     404     200     404     200
api-submission-withdraw                            GET    401     405     405     405     405     405     405     405     405     405     405
api-submission-withdraw                            POST   401     200     404     404     404     404     404     404     200     404     200
api-submission-camera-ready                        GET    401     405     405     405     405     405     405     405     405     405     405
api-submission-camera-ready                        POST   401     400     404     404     404     404     404     404     400     404     400
api-submission-version-pdf                         GET    401     200     404     404     404     404     404     404     200     404     200
api-reviewing-bids                                 GET    401     403     403     403     200     200     200     403     403     403     200
api-reviewing-bid                                  GET    401     405     405     405     405     405     405     405     405     405     405
api-reviewing-bid                                  PUT    401     404     404     404     200     200     404     404     403     404     200
api-reviewing-papers                               GET    401     403     403     403     200     200     200     403     403     403     200
api-reviewing-paper                                GET    401     404     404     404     200     200     404     404     200     404     200
api-reviewing-reviews                              GET    401     200     404     404     200     404     404     404     200     404     200
api-reviewing-review                               GET    401     405     405     405     405     405     405     405     405     405     405
api-reviewing-review                               PUT    401     404     404     404     200     404     404     404     404     404     400
api-workshops                                      GET    200     200     200     200     200     200     200     200     200     200     200
api-workshop                                       GET    200     200     200     200     200     200     200     200     200     200     200
api-schedule                                       GET    200     200     200     200     200     200     200     200     200     200     200
api-speakers                                       GET    200     200     200     200     200     200     200     200     200     200     200
api-papers                                         GET    200     200     200     200     200     200     200     200     200     200     200
api-schema                                         GET    200     200     200     200     200     200     200     200     200     200     200
api-docs                                           GET    200     200     200     200     200     200     200     200     200     200     200

# --- The site: people, papers, reviewing, the public program.
# URL name (or route)                              method anon    author  unverif oth-aut assign  unassig conflic removed organiz oth-org superus
people:profile                                     GET    →login  200     200     200     200     200     200     200     200     200     200
people:profile                                     POST   →login  302     302     302     302     302     302     302     302     302     302
people:photo                                       GET    200     200     200     200     200     200     200     200     200     200     200
home                                               GET    200     200     200     200     200     200     200     200     200     200     200
submissions:mine                                   GET    →login  200     200     200     200     200     200     200     200     200     200
submissions:create                                 GET    →login  200     200     200     200     200     200     200     200     200     200
submissions:create                                 POST   →login  200     200     200     200     200     200     200     200     200     200
submissions:detail                                 GET    404     200     404     404     404     404     404     404     200     404     200  # anonymous: 404 like any stranger, no login page
submissions:edit                                   GET    →login  200     404     404     404     404     404     404     200     404     200
submissions:edit                                   POST   →login  302     404     404     404     404     404     404     302     404     302
submissions:withdraw                               GET    →login  200     404     404     404     404     404     404     200     404     200
submissions:withdraw                               POST   →login  302     404     404     404     404     404     404     302     404     302
submissions:submit                                 GET    →login  405     405     405     405     405     405     405     405     405     405
submissions:submit                                 POST   →login  302     404     404     404     404     404     404     302     404     302
submissions:public_pdf                             GET    404     404     404     404     404     404     404     404     404     404     404
submissions:camera_ready                           GET    →login  302     404     404     404     404     404     404     302     404     302
submissions:camera_ready                           POST   →login  302     404     404     404     404     404     404     302     404     302
submissions:download                               GET    →login  200     404     404     404     404     404     404     200     404     200
reviews:home                                       GET    →login  200     200     200     200     200     200     200     200     200     200
reviews:invitation                                 GET    200     200     200     200     200     200     200     200     200     200     200  # the signed token is the key; anyone holding it may answer
reviews:invitation                                 POST   302     302     302     302     302     302     302     302     302     302     302
reviews:workshop                                   GET    →login  403     403     403     200     200     200     403     403     403     200
reviews:profile                                    GET    →login  403     403     403     200     200     200     403     403     403     403
reviews:profile                                    POST   →login  403     403     403     302     302     302     403     403     403     403
reviews:bids                                       GET    →login  403     403     403     200     200     200     403     403     403     200
reviews:bids                                       POST   →login  403     403     403     302     302     404     403     403     403     302
reviews:paper                                      GET    →login  404     404     404     200     200     404     404     200     404     200  # removed: out of the pool, a stranger to the paper
reviews:paper_pdf                                  GET    →login  404     404     404     200     200     404     404     200     404     200
reviews:review                                     GET    →login  404     404     404     200     404     404     404     404     404     200  # superuser: Django lets superusers pass every permission
reviews:review                                     POST   →login  404     404     404     302     404     404     404     404     404     400
reviews:comment                                    GET    →login  405     405     405     405     405     405     405     405     405     405
reviews:comment                                    POST   →login  404     404     404     302     302     404     404     400     404     400  # assigned: told the discussion opens once their review is in; unassigned: told it is for the paper's reviewers; 400: the matrix posts no text
reviews:meta_review                                GET    →login  405     405     405     405     405     405     405     405     405     405
reviews:meta_review                                POST   →login  404     404     404     404     404     404     404     400     404     400  # 400: the matrix posts no text
reviews:author_reviews                             GET    →login  200     404     404     404     404     404     404     404     404     200
reviews:pick_conflicts                             GET    →login  200     404     404     404     404     404     404     404     404     200
reviews:pick_conflicts                             POST   →login  302     404     404     404     404     404     404     404     404     302
schedule:page                                      GET    200     200     200     200     200     200     200     200     200     200     200
schedule:version                                   GET    200     200     200     200     200     200     200     200     200     200     200
schedule:ics                                       GET    200     200     200     200     200     200     200     200     200     200     200
schedule:item-ics                                  GET    200     200     200     200     200     200     200     200     200     200     200
schedule:frab-xml                                  GET    200     200     200     200     200     200     200     200     200     200     200
schedule:frab-json                                 GET    200     200     200     200     200     200     200     200     200     200     200
schedule:papers                                    GET    200     200     200     200     200     200     200     200     200     200     200
schedule:papers-bib                                GET    200     200     200     200     200     200     200     200     200     200     200
schedule:paper                                     GET    404     404     404     404     404     404     404     404     404     404     404
schedule:paper-bib                                 GET    404     404     404     404     404     404     404     404     404     404     404
schedule:posters                                   GET    200     200     200     200     200     200     200     200     200     200     200
schedule:speakers                                  GET    200     200     200     200     200     200     200     200     200     200     200
schedule:speaker                                   GET    200     200     200     200     200     200     200     200     200     200     200
workshop:home                                      GET    200     200     200     200     200     200     200     200     200     200     200
workshop:detail                                    GET    200     200     200     200     200     200     200     200     200     200     200"""


def rows(personas) -> dict[str, dict[str, tuple[str, ...]]]:
    """The table as {URL key: {method: (answer per persona, in the columns' order)}}."""
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for number, line in enumerate(TABLE.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        key, method, *cells = line.split()
        assert len(cells) == len(personas), f"line {number}: {len(cells)} answers for {key}"
        assert method not in table.get(key, {}), f"line {number}: {key} {method} twice"
        table.setdefault(key, {})[method] = tuple(cells)
    return table


def line(key: str, method: str, cells) -> str:
    """A row as the table writes it, for a failing test to show what it observed."""
    return f"{key:50s} {method:7s}" + " ".join(f"{cell:7s}" for cell in cells).rstrip()
