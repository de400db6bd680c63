"""Who may build and release a program, as django-rules predicates.

The services check `schedule.edit_program` / `schedule.release_program` with the workshop;
the admin asks the model permissions with a row (or with none, meaning "some workshop")."""

import rules

from workshop.rules import is_organizer


def workshop_of(obj):
    """The workshop a program object belongs to (a workshop, room, item, speaker, board …)."""
    if obj is None:
        return None
    for path in ("workshop", "item"):
        if hasattr(obj, f"{path}_id"):
            return workshop_of(getattr(obj, path)) if path == "item" else obj.workshop
    return obj  # a Workshop (or the Program proxy) itself


@rules.predicate
def organizes(user, obj=None) -> bool:
    return is_organizer(user, workshop_of(obj))


@rules.predicate
def is_staff(user, obj=None) -> bool:
    return user.is_staff


staff_organizer = is_staff & organizes

rules.add_perm("schedule.edit_program", organizes)
rules.add_perm("schedule.release_program", organizes)

# The admin's model permissions.
rules.add_perm("schedule.view_program", staff_organizer)
rules.add_perm("schedule.change_program", staff_organizer)
for _model in ("room", "scheduleitem", "speaker", "itempaper", "posterboard"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"schedule.{_action}_{_model}", staff_organizer)
# Releases are immutable: organizers read them, only the release verb creates one.
rules.add_perm("schedule.view_schedulerelease", staff_organizer)
# The admin shows an app to whoever has its module permission (rules asks for the label).
rules.add_perm("schedule", staff_organizer)
