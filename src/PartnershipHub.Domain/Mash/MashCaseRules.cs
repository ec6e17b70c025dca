using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Validation;

namespace PartnershipHub.Domain.Mash;

/// <summary>Why a step of a MASH case cannot be taken.</summary>
/// <param name="Field">The request field at fault; null when the contact's state, not a field, forbids the step.</param>
/// <param name="Reason">What is wrong, in words the caller can act on.</param>
public sealed record MashRuleBreach(string? Field, string Reason);

/// <summary>
/// A contact after one step of its case, or why the step cannot be taken; with the information requests the step
/// opened (to reach the agencies' inboxes) and closed (to leave them).
/// </summary>
/// <param name="Contact">The contact after the step; null when refused.</param>
/// <param name="Outcome">What was done, for the caller and the audit trail; the reason when refused.</param>
/// <param name="Breach">Why the step cannot be taken; null when it was taken.</param>
/// <param name="Opened">Requests the step sent.</param>
/// <param name="Closed">Requests the step closed: answered, or left unanswered by a decision.</param>
public sealed record MashStep(
    MashContact? Contact,
    string Outcome,
    MashRuleBreach? Breach,
    IReadOnlyList<InformationRequest> Opened,
    IReadOnlyList<InformationRequest> Closed)
{
    /// <summary>A step taken.</summary>
    public static MashStep Taken(MashContact contact, string outcome, IReadOnlyList<InformationRequest>? opened = null, IReadOnlyList<InformationRequest>? closed = null) =>
        new(contact, outcome, null, opened ?? [], closed ?? []);

    /// <summary>A step refused, on <paramref name="field"/> or (when null) on the contact's state.</summary>
    public static MashStep Refused(string reason, string? field = null) => new(null, reason, new MashRuleBreach(field, reason), [], []);
}

/// <summary>
/// The MASH case's rules (domain section 2, steps 2 to 5): a contact is rated, possibly again, until it is decided;
/// only a MASH enquiry (green, blue, or too little information) asks partner agencies, each agency once while its
/// answer is outstanding, due by the rating's response time; each request is answered once, before the decision;
/// a decision needs a rating, is made once, dated between the contact's receipt and now, and closes the requests
/// still unanswered. What the MASH sees of a contact in progress, and what a multi-agency view may contain, follow
/// from these records and the access policy's decision agency by agency.
/// </summary>
public static class MashCaseRules
{
    /// <summary>How far in the future a decision may be dated, to allow for clocks that differ a little.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Rates <paramref name="contact"/>: a new rating joins its history, until the contact is decided.</summary>
    public static MashStep Rate(MashContact contact, BragRating rating, bool tooLittleInformation, string rationale, RecordedBy by)
    {
        if (rating == BragRating.None)
        {
            return MashStep.Refused("is required: RED, AMBER, GREEN or BLUE.", "rating");
        }

        return contact.Decision is not null
            ? MashStep.Refused("the contact has been decided; it can no longer be rated")
            : MashStep.Taken(contact with { Ratings = [.. contact.Ratings, new RatingEntry(rating, tooLittleInformation, rationale, by)] }, $"rated {rating}");
    }

    /// <summary>
    /// Asks <paramref name="agencies"/> what they know about the child of a contact that is an undecided MASH
    /// enquiry. Each agency is named once, and not while a request to it on this contact is still unanswered. Every
    /// request is due by the current rating's response time from when it is sent.
    /// </summary>
    public static MashStep SendRequests(
        MashContact contact, IReadOnlyList<string> agencies, string question, RecordedBy sent, ResponseTimes responseTimes, Func<string> newRequestId)
    {
        if (contact.Decision is not null)
        {
            return MashStep.Refused("the contact has been decided; no more requests can be sent");
        }

        if (contact.Route != ContactRoute.MashEnquiry)
        {
            return MashStep.Refused($"the contact is {contact.Route}, not a MASH enquiry: rate it green or blue, or record that there is too little information");
        }

        if (agencies.Count == 0)
        {
            return MashStep.Refused("must name at least one agency.", "agencies");
        }

        var named = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < agencies.Count; i++)
        {
            if (!named.Add(agencies[i]))
            {
                return MashStep.Refused("appears twice.", $"agencies[{i}]");
            }

            if (contact.Requests.FirstOrDefault(r => r.Agency == agencies[i] && r.Answer is null) is { } outstanding)
            {
                return MashStep.Refused($"has not answered request {outstanding.RequestId} on this contact yet; it is asked again only once it has.", $"agencies[{i}]");
            }
        }

        var due = responseTimes.DueAt(contact.CurrentRating!.Rating, sent.At);
        var opened = agencies.Select(agency => new InformationRequest(newRequestId(), agency, question, due, sent, null)).ToList();
        return MashStep.Taken(contact with { Requests = [.. contact.Requests, .. opened] }, $"{opened.Count} requests sent", opened: opened);
    }

    /// <summary>
    /// Records <paramref name="answer"/> to the contact's request <paramref name="requestId"/>: once, and only while
    /// the enquiry is undecided. Who may answer (the agency asked) is the access policy's rule.
    /// </summary>
    public static MashStep Answer(MashContact contact, string requestId, AgencyAnswer answer)
    {
        if (contact.Requests.FirstOrDefault(r => r.RequestId == requestId) is not { } request)
        {
            return MashStep.Refused("this contact has no information request with this id", "request_id");
        }

        if (request.Answer is not null)
        {
            return MashStep.Refused("the request has already been answered");
        }

        if (contact.Decision is not null)
        {
            return MashStep.Refused("the enquiry has been decided; the request is closed");
        }

        var answered = request with { Answer = answer };
        var changed = contact with { Requests = [.. contact.Requests.Select(r => r.RequestId == requestId ? answered : r)] };
        return MashStep.Taken(changed, $"request {requestId} answered", closed: [answered]);
    }

    /// <summary>
    /// Checks a decision on its own: one of the decisions, and an authority to transfer to exactly when the decision
    /// is a transfer. Field names are the API's.
    /// </summary>
    public static void CheckDecision(Violations violations, MashDecision decision, string? transferTo)
    {
        if (decision == MashDecision.None || !Enum.IsDefined(decision))
        {
            violations.Add("decision", "is required: NO_FURTHER_ACTION, EARLY_HELP, SINGLE_ASSESSMENT, STRATEGY_DISCUSSION or TRANSFER_TO_ANOTHER_AUTHORITY.");
        }
        else if (decision == MashDecision.TransferToAnotherAuthority && string.IsNullOrEmpty(transferTo))
        {
            violations.Add("transfer_to", "is required for a transfer: the authority taking the case.");
        }
        else if (decision != MashDecision.TransferToAnotherAuthority && !string.IsNullOrEmpty(transferTo))
        {
            violations.Add("transfer_to", "is only for a transfer to another authority.");
        }
    }

    /// <summary>
    /// Records the MASH's decision on a rated contact, once. It is dated no earlier than the contact was received and
    /// no later than <paramref name="now"/> (give or take <see cref="ClockSkew"/>), and closes the requests still
    /// unanswered: the agencies are no longer asked.
    /// </summary>
    public static MashStep Decide(
        MashContact contact, MashDecision decision, string rationale, string? transferTo, DateTimeOffset decidedAt, DateTimeOffset now, RecordedBy by)
    {
        var violations = new Violations();
        CheckDecision(violations, decision, transferTo);
        if (violations.Items.FirstOrDefault() is { } violation)
        {
            return MashStep.Refused(violation.Description, violation.Field);
        }

        if (contact.Decision is not null)
        {
            return MashStep.Refused("the contact has already been decided");
        }

        if (contact.Route == ContactRoute.AwaitingRating)
        {
            return MashStep.Refused("the contact has not been rated yet");
        }

        if (decidedAt < contact.Details.ReceivedAt)
        {
            return MashStep.Refused("is before the contact was received.", "decided_at");
        }

        if (decidedAt > now + ClockSkew)
        {
            return MashStep.Refused("is in the future.", "decided_at");
        }

        var decided = contact with { Decision = new DecisionEntry(decision, rationale, transferTo, decidedAt, by) };
        return MashStep.Taken(decided, $"decided {decision}", closed: [.. contact.Requests.Where(r => r.Answer is null)]);
    }

    /// <summary>
    /// The contact as the MASH follows its progress: who was asked, by when, who answered and when, but nothing of
    /// what any agency said (not even whether it knew anything). Answers are seen only through a multi-agency view.
    /// </summary>
    public static MashContact Progress(MashContact contact) =>
        contact with { Requests = [.. contact.Requests.Select(r => r with { Answer = r.Answer is null ? null : Unread(r.Answer) })] };

    /// <summary>The agencies that have answered any request about the child: those a multi-agency view is decided for.</summary>
    public static IEnumerable<string> AnsweringAgencies(IEnumerable<MashContact> contacts) =>
        contacts.SelectMany(c => c.Requests).Where(r => r.Answer is not null).Select(r => r.Agency).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// What a multi-agency view contains, agency by agency as the access policy decided: every answer of an agency
    /// the decision includes, none of one it withholds (with the reason either way), and nothing of an agency the
    /// decision does not name.
    /// </summary>
    public static IReadOnlyList<AgencyContribution> ViewContents(IEnumerable<MashContact> contacts, MultiAgencyViewDecision decision)
    {
        if (!decision.Allowed)
        {
            return [];
        }

        var answers = contacts
            .SelectMany(c => c.Requests.Where(r => r.Answer is not null).Select(r => (r.Agency, Answer: new ContributedAnswer(c.ContactId, r.RequestId, r.Answer!))))
            .ToLookup(a => a.Agency, a => a.Answer, StringComparer.Ordinal);
        return [.. decision.Contributions.Select(c => new AgencyContribution(c.Agency, c.Included, c.Basis, c.Reason, c.Included ? [.. answers[c.Agency]] : []))];
    }

    /// <summary>An answer with its content removed (even whether anything is known): who answered and when, for progress only.</summary>
    private static AgencyAnswer Unread(AgencyAnswer answer) =>
        answer with { NothingKnown = false, Fields = [], FreeText = string.Empty, Classification = string.Empty, Basis = Sharing.LawfulBasis.None };
}
