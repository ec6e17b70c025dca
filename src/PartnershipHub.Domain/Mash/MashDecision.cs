namespace PartnershipHub.Domain.Mash;

/// <summary>What the MASH decides once agencies' information is in.</summary>
public enum MashDecision
{
    /// <summary>Not decided yet.</summary>
    None = 0,

    /// <summary>No further action.</summary>
    NoFurtherAction = 1,

    /// <summary>Universal services or early help.</summary>
    EarlyHelp = 2,

    /// <summary>A single assessment (45 working days from referral).</summary>
    SingleAssessment = 3,

    /// <summary>Reasonable cause to suspect significant harm: a strategy discussion and Section 47 enquiry.</summary>
    StrategyDiscussion = 4,

    /// <summary>The child is the responsibility of another authority.</summary>
    TransferToAnotherAuthority = 5,
}
