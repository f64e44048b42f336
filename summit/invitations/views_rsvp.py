"""Company representatives: follow the personal link, answer, nominate a colleague; the delegate list."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required

from .. import capabilities, db
from ..agenda.queries import highlights
from ..audit import Actor
from ..auth.permissions import current_actor, current_viewer, delegate_viewer
from ..auth.services import AccountError
from ..errors import RuleBroken
from ..events.services import current_event
from ..questions.answers import questions_for, stored_values
from ..questions.forms import GROUPS, form_values, submitted_values, with_questions
from ..questions.letters import letters_pdf
from ..tokens import hash_token
from ..web import event_or_404
from .forms import NominateForm, RsvpForm
from .links import ended_link, holds_live_link
from .models import Answer, Invitation, InvitationLink
from .reports import delegate_list, unlisted_delegates
from .rsvp import Reply, create_delegate_account, nominate, respond
from .services import InvitationError, find_by_token, invitation_for, latest_invitation, mark_opened, successor

bp = Blueprint("rsvp", __name__)


def current_invitation() -> Invitation | None:
    """The invitation this visitor may answer: bound to the session by a link, or the signed-in person's own.
    A signed-in person only ever answers their own: a link to someone else's (sent to them by a third party, or
    followed cross-site) does not replace it."""
    invitation_id = session.get("invitation_id")
    if invitation_id is not None:
        invitation = db.session.get(Invitation, invitation_id)
        if (invitation is not None and holds_live_link(db.session, invitation, session.get("invitation_key"))
                and (not current_user.is_authenticated or invitation.person_id == current_user.person_id)):
            return invitation
        session.pop("invitation_id", None)
    if current_user.is_authenticated:
        event = current_event(db.session)
        mine = invitation_for(db.session, event, current_user.person_id) if event is not None else None
        return mine or latest_invitation(db.session, current_user.person_id)  # invited to another event only
    return None


def link_actor(invitation: Invitation) -> Actor:
    if current_user.is_authenticated:
        return current_actor()
    return Actor(f"person #{invitation.person_id} (personal link)")


@bp.get("/rsvp/<token>")
@db.writes
def follow(token: str):
    found = capabilities.lookup_here("rsvp", token, lambda s, t: find_by_token(s, t) or ended_link(s, t))
    if found is None:
        abort(404)
    if isinstance(found, InvitationLink):  # only the holder of that very link gets here
        return render_template("invitations/link_ended.html", link=found,
                               colleague=successor(db.session, found.invitation)), 404
    mark_opened(db.session, found)
    db.session.commit()
    session["invitation_id"], session["invitation_key"] = found.id, hash_token(token)
    return redirect(url_for(".page"), 303)  # the token leaves the address bar (and any Referer)


def _rsvp_form(invitation: Invitation, **kwargs) -> tuple[RsvpForm, list]:
    """The RSVP form with the organisers' questions for this invitee."""
    questions = questions_for(db.session, invitation)
    return with_questions(RsvpForm, questions, invitation.event)(**kwargs), questions


def _page(invitation: Invitation, form: RsvpForm | None = None, nominate_form: NominateForm | None = None,
          status: int = 200):
    questions = questions_for(db.session, invitation)
    if form is None:
        form, questions = _rsvp_form(invitation, formdata=None, obj=invitation,
                                     data=form_values(questions, stored_values(db.session, invitation)))
        form.answer.data = {"accepted": "accept", "waitlisted": "accept", "tentative": "tentative",
                            "declined": "decline"}.get(invitation.status.value)
    return render_template("invitations/rsvp.html", invitation=invitation, event=invitation.event, form=form,
                           highlights=highlights(db.session, invitation.event,
                                                 delegate_viewer(invitation.person, invitation.status)),
                           nominate_form=nominate_form or NominateForm(formdata=None),
                           questions=questions, groups=GROUPS,
                           open=invitation.event.rsvp_open() and not invitation.status.closed), status


@bp.get("/rsvp")
def page():
    invitation = current_invitation() or abort(404)
    return _page(invitation)


@bp.post("/rsvp")
def answer():
    invitation = current_invitation() or abort(404)
    form, questions = _rsvp_form(invitation)
    if not form.validate_on_submit():
        return _page(invitation, form=form, status=422)
    reply = Reply(Answer(form.answer.data), form.dietary.data or [], form.dietary_other.data or "",
                  form.access.data or [], form.access_needs.data or "", form.listed_consent.data,
                  form.comment.data or "", answers=submitted_values(form, questions))
    try:
        status = respond(db.session, link_actor(invitation), invitation, reply)
        if form.password.data:
            create_delegate_account(db.session, link_actor(invitation), invitation, form.password.data)
        db.session.commit()
    except (RuleBroken, AccountError) as exc:
        db.session.rollback()
        named = form._fields.get(exc.field) if isinstance(exc, RuleBroken) and exc.field else None
        target = named or (form.password if isinstance(exc, AccountError) else form.answer)
        target.errors = [*target.errors, str(exc)]
        return _page(db.session.get(Invitation, invitation.id), form=form, status=422)
    flash(CONFIRMATIONS[status.value] + (" Your account is ready: sign in with your email and password."
                                         if form.password.data else ""), "success")
    return redirect(url_for(".page"), 303)


CONFIRMATIONS = {
    "accepted": "Thank you: your place is confirmed.",
    "waitlisted": "Thank you. Your organisation's seats are all taken, so you are on its waiting list; "
                  "we will email you if a seat frees up.",
    "tentative": "Thank you: we have noted you as tentative. Please confirm before the deadline.",
    "declined": "Thank you: we have noted that you cannot attend.",
}


@bp.post("/rsvp/nominate")
def nominate_colleague():
    invitation = current_invitation() or abort(404)
    form = NominateForm()
    if not form.validate_on_submit():
        return _page(invitation, nominate_form=form, status=422)
    try:
        colleague = nominate(db.session, link_actor(invitation), invitation, name=form.colleague_name.data,
                             email=form.colleague_email.data, job_title=form.colleague_job_title.data or "")
        db.session.commit()
    except InvitationError as exc:
        db.session.rollback()
        form.colleague_email.errors = [*form.colleague_email.errors, str(exc)]
        return _page(db.session.get(Invitation, invitation.id), nominate_form=form, status=422)
    session.pop("invitation_id", None)
    session.pop("invitation_key", None)
    flash(f"Thank you. We have invited {colleague.person.name} in your place; your link no longer works.",
          "success")
    return redirect(url_for(".done"), 303)


@bp.get("/rsvp/letter.pdf")
@db.writes
def letter():
    """The invitee's own invitation letter, once their place is confirmed."""
    invitation = current_invitation() or abort(404)
    try:
        body = letters_pdf(db.session, link_actor(invitation), invitation.event, [invitation])
    except RuleBroken:
        db.session.rollback()
        abort(404)
    db.session.commit()
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": 'attachment; filename="invitation-letter.pdf"'})


@bp.get("/rsvp/done")
def done():
    return render_template("invitations/done.html")


@bp.get("/events/<slug>/delegates")
@login_required
def delegates(slug: str):
    event = event_or_404(slug)
    if not current_viewer(event).may_see_delegate_list:
        abort(403)
    return render_template("invitations/delegates.html", event=event, delegates=delegate_list(db.session, event),
                           unlisted=unlisted_delegates(db.session, event))
