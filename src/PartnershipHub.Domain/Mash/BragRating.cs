namespace PartnershipHub.Domain.Mash;

/// <summary>The front door's initial risk rating of a contact.</summary>
public enum BragRating
{
    /// <summary>Not rated yet.</summary>
    None = 0,

    /// <summary>Immediate risk of significant harm: becomes a referral at once.</summary>
    Red = 1,

    /// <summary>Risk of significant harm: becomes a referral.</summary>
    Amber = 2,

    /// <summary>Some concern: goes to the MASH for partner agencies' information.</summary>
    Green = 3,

    /// <summary>Low concern: goes to the MASH for partner agencies' information.</summary>
    Blue = 4,
}

/// <summary>Where a rated contact goes next.</summary>
public enum ContactRoute
{
    /// <summary>Not rated yet.</summary>
    AwaitingRating = 0,

    /// <summary>Red or amber with enough information: a referral to children's social care.</summary>
    Referral = 1,

    /// <summary>Green or blue, or too little information: a MASH enquiry of partner agencies.</summary>
    MashEnquiry = 2,
}

/// <summary>The rules that follow from a BRAG rating.</summary>
public static class BragRules
{
    /// <summary>Red and amber become referrals; green and blue, or any contact with too little information, open a MASH enquiry.</summary>
    public static ContactRoute RouteFor(BragRating rating, bool tooLittleInformation) => rating switch
    {
        BragRating.None => ContactRoute.AwaitingRating,
        BragRating.Red or BragRating.Amber when !tooLittleInformation => ContactRoute.Referral,
        _ => ContactRoute.MashEnquiry,
    };
}
