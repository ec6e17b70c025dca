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
    Task<MashResult<MashContact>> RecordContact(ContactDetails details, Caller caller);

    /// <summary>Rates a contact; a new rating is added to its history.</summary>
    Task<MashResult<MashContact>> RateContact(string contactId, BragRating rating, bool tooLittleInformation, string rationale, Caller caller);

    /// <summary>Sends information requests to named agencies for a contact that is a MASH enquiry; each is due by the rating's response time.</summary>
    Task<MashResult<MashContact>> SendInformationRequests(string contactId, IReadOnlyList<string> agencies, string question, Caller caller);

    /// <summary>Records an agency's answer to a request addressed to the caller's agency.</summary>
    Task<MashResult<AgencyRequestSummary>> AnswerInformationRequest(string requestId, AgencyAnswer answer, Caller caller);

    /// <summary>Records the MASH's decision on a contact.</summary>
    Task<MashResult<MashContact>> RecordDecision(string contactId, MashDecision decision, string rationale, string? transferTo, DateTimeOffset decidedAt, Caller caller);

    /// <summary>Returns a contact and where its enquiry stands (without agencies' answers).</summary>
    Task<MashResult<MashContact>> GetContact(string contactId, Caller caller);

    /// <summary>Records consent given, refused, withdrawn or not sought for a purpose and recipient agency.</summary>
    Task<MashResult<ConsentRecord>> RecordConsent(string purpose, string recipient, Domain.Sharing.ConsentState state, string notes, Caller caller);

    /// <summary>Records a manager's decision to share without consent, with its lawful basis.</summary>
    Task<MashResult<SharingWithoutConsentRecord>> RecordSharingWithoutConsent(string purpose, string? agency, Domain.Sharing.LawfulBasis basis, string reason, Caller caller);

    /// <summary>The child's multi-agency view for a purpose: only what the caller may see, agency by agency.</summary>
    Task<MashResult<MultiAgencyView>> GetMultiAgencyView(string purpose, Caller caller);

    /// <summary>The borough responsible for the child, or null when no child has this id.</summary>
    Task<string?> ResponsibleBorough();
}

/// <summary>A borough's list of open MASH enquiries, keyed by the borough's ONS code. Holds ids and progress only.</summary>
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

    /// <summary>The request with this id, if it is waiting here.</summary>
    Task<AgencyRequestSummary?> Find(string requestId);
}
