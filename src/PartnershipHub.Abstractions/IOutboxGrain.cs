namespace PartnershipHub.Abstractions;

/// <summary>A grain that stores what must follow its changes with them (an outbox) and delivers it at least once.</summary>
public interface IOutboxGrain : IGrainWithStringKey
{
    /// <summary>
    /// Delivers what the grain's outbox holds now (as its timer would); answers how many follow-ups are still not
    /// delivered after this try, their targets failing. The consistency check asks this before comparing.
    /// </summary>
    Task<int> DeliverFollowUps();
}
