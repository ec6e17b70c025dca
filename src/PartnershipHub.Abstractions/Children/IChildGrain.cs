using PartnershipHub.Domain.Access;

namespace PartnershipHub.Abstractions.Children;

/// <summary>One child, keyed by the hub's child id: one child, one record, many contributors.</summary>
public interface IChildGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the child: claims its identifiers so no second record holds them, stores the record and adds
    /// the child to the responsible borough's list. Refusals change nothing.
    /// </summary>
    Task<RegistrationOutcome> Register(ChildRegistration registration, Caller caller);

    /// <summary>Returns the child's record if the access policy lets the caller see it.</summary>
    Task<ChildReadOutcome> Read(Caller caller);

    /// <summary>Whether a record is stored for this child (used by the identifier index to heal stale claims).</summary>
    /// <remarks>Interleaves: an index grain may ask while this child is itself claiming identifiers.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<bool> IsRegistered();
}
