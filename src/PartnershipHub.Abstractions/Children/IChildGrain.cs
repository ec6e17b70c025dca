using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Sharing;

namespace PartnershipHub.Abstractions.Children;

/// <summary>One child, keyed by the hub's child id: one child, one record, many contributors.</summary>
public interface IChildGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the child: claims its identifiers so no second record holds them, stores the record with its audit
    /// record (<c>child.register</c>, for <paramref name="purpose"/>) and adds the child to the responsible borough's
    /// list. Refusals change nothing.
    /// </summary>
    Task<RegistrationOutcome> Register(ChildRegistration registration, AccessPurpose purpose, Caller caller);

    /// <summary>Returns the child's record if the access policy lets the caller see it.</summary>
    Task<ChildReadOutcome> Read(Caller caller);

    /// <summary>
    /// Applies the child's details as a borough's case system sent them: registers the child if the hub does not
    /// hold them yet, recognises a version already applied, and otherwise updates the names and date of birth.
    /// Identifiers are not changed this way: details whose identifiers differ from the child's are rejected.
    /// </summary>
    Task<Sync.SyncOutcome> ApplySyncedDetails(string sourceId, string version, ChildRegistration details, Caller caller);

    /// <summary>
    /// Links a case id of the caller's own borough to this child (<see cref="AccessPolicy.CanLinkCaseId"/>): claims
    /// it in the identifier index and adds it to the child's identifiers. Linking the same case id again changes
    /// nothing; a case id another child holds is refused (field <c>case_id</c>). Refusals change nothing.
    /// </summary>
    Task<CallResult<BoroughCaseId>> LinkCaseId(string caseId, Caller caller);

    /// <summary>Whether a record is stored for this child (used by the identifier index to heal stale claims).</summary>
    /// <remarks>Interleaves: an index grain may ask while this child is itself claiming identifiers.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<bool> IsRegistered();
}
