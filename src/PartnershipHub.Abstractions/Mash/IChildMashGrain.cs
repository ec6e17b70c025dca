using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Mash;

namespace PartnershipHub.Abstractions.Mash;

/// <summary>
/// The MASH side of one child's record (the same grain as <see cref="Children.IChildGrain"/>, keyed by the hub child
/// id): contacts, ratings, information requests and answers, decisions, consent and sharing without consent. Every
/// call re-checks the access policy against the partnership agreements in force that day.
/// </summary>
public interface IChildMashGrain : IGrainWithStringKey
{
    /// <summary>Records a contact about this (registered) child.</summary>
    Task<CallResult<MashContact>> RecordContact(ContactDetails details, Caller caller);

    /// <summary>Rates a contact; a new rating is added to its history.</summary>
    Task<CallResult<MashContact>> RateContact(string contactId, BragRating rating, bool tooLittleInformation, string rationale, Caller caller);

    /// <summary>Sends information requests to named agencies for a contact that is a MASH enquiry; each is due by the rating's response time.</summary>
    Task<CallResult<MashContact>> SendInformationRequests(string contactId, IReadOnlyList<string> agencies, string question, Caller caller);

    /// <summary>Records an agency's answer to a request addressed to the caller's agency.</summary>
    Task<CallResult<AgencyRequestSummary>> AnswerInformationRequest(string requestId, AgencyAnswer answer, Caller caller);

    /// <summary>Records the MASH's decision on a contact.</summary>
    Task<CallResult<MashContact>> RecordDecision(string contactId, MashDecision decision, string rationale, string? transferTo, DateTimeOffset decidedAt, Caller caller);

    /// <summary>Returns a contact and where its enquiry stands (without agencies' answers).</summary>
    Task<CallResult<MashContact>> GetContact(string contactId, Caller caller);

    /// <summary>Records consent given, refused, withdrawn or not sought for a purpose and recipient agency.</summary>
    Task<CallResult<ConsentRecord>> RecordConsent(Domain.Sharing.AccessPurpose purpose, string recipient, Domain.Sharing.ConsentState state, string notes, Caller caller);

    /// <summary>Records a manager's decision to share without consent, with its lawful basis.</summary>
    Task<CallResult<SharingWithoutConsentRecord>> RecordSharingWithoutConsent(Domain.Sharing.AccessPurpose purpose, string? agency, Domain.Sharing.LawfulBasis basis, string reason, Caller caller);

    /// <summary>The child's multi-agency view for a purpose: only what the caller may see, agency by agency.</summary>
    Task<CallResult<MultiAgencyView>> GetMultiAgencyView(Domain.Sharing.AccessPurpose purpose, Caller caller);

    /// <summary>The borough responsible for the child, or null when no child has this id.</summary>
    /// <remarks>Interleaves: a child registering asks it of the child already holding an identifier, which may itself be registering.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<string?> ResponsibleBorough();
}

/// <summary>
/// One shard of a borough's list of open MASH enquiries, keyed by <see cref="MashBoard.ShardKey"/>. Holds ids and
/// progress only. A borough's enquiries are spread over <see cref="MashBoard.Shards"/> shards so that however many are
/// open, each shard's stored state stays far below the table entity limit.
/// </summary>
public interface IMashBoardGrain : IGrainWithStringKey
{
    /// <summary>Adds or refreshes an open enquiry; removes it when <paramref name="open"/> is false.</summary>
    Task Track(EnquirySummary enquiry, bool open);

    /// <summary>The open enquiries, oldest first.</summary>
    Task<IReadOnlyList<EnquirySummary>> OpenEnquiries();
}

/// <summary>A partner agency's inbox of unanswered information requests, keyed by the agency's code.</summary>
public interface IAgencyInboxGrain : IGrainWithStringKey
{
    /// <summary>Adds a request addressed to the agency.</summary>
    Task Add(AgencyRequestSummary request);

    /// <summary>Removes a request once answered.</summary>
    Task Remove(string requestId);

    /// <summary>The unanswered requests, oldest first.</summary>
    Task<IReadOnlyList<AgencyRequestSummary>> Open();
}

/// <summary>Where a borough's open enquiries are kept: which board shard holds a contact, and how to read them all.</summary>
public static class MashBoard
{
    /// <summary>
    /// Shards per borough. An open enquiry with three requests takes about 0.7 KB of a shard's stored state (estimated
    /// from its JSON), so 16 shards keep a borough's list within the 1 MiB entity limit up to about 20,000 open enquiries.
    /// </summary>
    public const int Shards = 16;

    /// <summary>The shard that tracks <paramref name="contactId"/> (a hub id: hexadecimal) for <paramref name="borough"/>.</summary>
    public static string ShardKey(string borough, string contactId) =>
        $"{borough}/{Convert.ToInt32(contactId[^1..], 16) % Shards}";

    /// <summary>A borough's open enquiries from every shard, oldest first.</summary>
    public static async Task<IReadOnlyList<EnquirySummary>> OpenEnquiries(IGrainFactory grains, string borough)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, Shards).Select(shard =>
            grains.GetGrain<IMashBoardGrain>($"{borough}/{shard}").OpenEnquiries()));
        return [.. shards.SelectMany(s => s).OrderBy(e => e.ReceivedAt)];
    }
}
