using PartnershipHub.Abstractions;
using PartnershipHub.Abstractions.Partnerships;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Board;
using PartnershipHub.Domain.Calendar;
using PartnershipHub.Domain.Partnerships;

namespace PartnershipHub.Grains.Board;

/// <summary>What a board grain needs to apply the access policy: the partnership agreements and today's date.</summary>
/// <param name="Agreements">Every partnership agreement.</param>
/// <param name="Today">Today, in London.</param>
internal sealed record BoardContext(IReadOnlyList<PartnershipAgreement> Agreements, DateOnly Today)
{
    /// <summary>What the field naming a board is called in requests.</summary>
    public const string BoardField = "board";

    /// <summary>
    /// The agreements and today's date, or null when <paramref name="board"/> is not the id of a safeguarding
    /// partnership agreement (boards are the partnerships' own, past or present).
    /// </summary>
    public static async Task<BoardContext?> Load(IGrainFactory grains, string board, TimeProvider clock)
    {
        var agreements = await grains.GetGrain<IPartnershipAgreementsGrain>(IPartnershipAgreementsGrain.Key).All();
        return agreements.Any(a => a.Id == board && a.Service == SharedService.SafeguardingPartnership)
            ? new BoardContext(agreements, LondonTime.DateOf(clock.GetUtcNow()))
            : null;
    }

    /// <summary>The refusal for a board that is not a safeguarding partnership.</summary>
    public static CallResult<T> NoBoard<T>() => CallResult<T>.NotFound(BoardField, "no safeguarding partnership has this id");

    /// <summary>A stamp of who did something, and when.</summary>
    public static RecordedBy Stamp(Domain.Access.Caller caller, TimeProvider clock) =>
        new(caller.Organisation, caller.Role, caller.UserId, clock.GetUtcNow());

    /// <summary>The answer for a rule the change breaks: INVALID_ARGUMENT for a field, FAILED_PRECONDITION for the record's state.</summary>
    public static CallResult<T> Refusal<T>(BoardRuleBreach breach) =>
        breach.Field is { } field ? CallResult<T>.Invalid(field, breach.Reason) : CallResult<T>.Conflict(breach.Reason);
}
