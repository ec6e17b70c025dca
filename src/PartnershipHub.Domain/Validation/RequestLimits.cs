namespace PartnershipHub.Domain.Validation;

/// <summary>
/// How much one request may ask of the hub: every repeated field of every request has a limit here, checked before
/// anything else (the caller's access, any grain), so the work a request causes and the error it gets back never grow
/// with the input. The API maps each repeated field of its messages to one of these (RequestShape in the API); a unit
/// test fails when a repeated field is added without a limit.
/// </summary>
public static class RequestLimits
{
    /// <summary>
    /// The largest request message of any call, checked by gRPC before anything of the hub runs: a larger one is
    /// refused with RESOURCE_EXHAUSTED and never parsed. One child, contact, record or query is a few kilobytes at most.
    /// </summary>
    public const int MessageBytes = 1024 * 1024;

    /// <summary>The largest message of a sync push: a batch of up to <see cref="SyncBatch"/> records of a case system.</summary>
    public const int SyncMessageBytes = 4 * 1024 * 1024;

    /// <summary>At most this many field violations are listed in an error; the rest are counted, not listed.</summary>
    public const int ReportedViolations = 20;

    /// <summary>Agencies asked for information in one request from the MASH (one per agency taking part).</summary>
    public const int InformationRequestAgencies = 20;

    /// <summary>Structured fields of one agency's answer.</summary>
    public const int AnswerFields = 50;

    /// <summary>Organisations named in one list: at a strategy discussion or conference, or expected at a board meeting.</summary>
    public const int Organisations = 30;

    /// <summary>Members of one partnership agreement: the 33 London authorities and the agencies sharing with them.</summary>
    public const int AgreementMembers = 40;

    /// <summary>Boroughs named in one request: the 32 London boroughs and the City of London.</summary>
    public const int Boroughs = 33;

    /// <summary>Case ids of one child: one per borough at most.</summary>
    public const int CaseIdsPerChild = Boroughs;

    /// <summary>Brothers and sisters searched for with a child: the most a household takes.</summary>
    public const int Siblings = 6;

    /// <summary>Needs named for one household or search; there are few kinds of need, each named once.</summary>
    public const int CarerNeeds = 10;

    /// <summary>Kinds or cohorts named as a filter: each of a handful of values at most once.</summary>
    public const int Choices = 10;

    /// <summary>CIN census factors of one assessment (the published list has about 40).</summary>
    public const int AssessmentFactors = 60;

    /// <summary>Review dates of one plan.</summary>
    public const int ReviewDates = 100;

    /// <summary>Items of one list in a return home interview (push and pull factors, places, associates).</summary>
    public const int InterviewItems = 20;

    /// <summary>Records in one sync push batch.</summary>
    public const int SyncBatch = 500;

    /// <summary>Measures in one dataset request.</summary>
    public const int DatasetMeasures = 40;

    /// <summary>Financial years or as-at dates in one dataset request.</summary>
    public const int DatasetPeriods = 10;

    /// <summary>Breakdowns asked for in one dataset request.</summary>
    public const int DatasetBreakdowns = 10;

    /// <summary>Population estimates in one load (every age, sex and borough for a few years).</summary>
    public const int PopulationEstimates = 20_000;

    /// <summary>Comparator figures in one load (two areas, a dozen measures, ten years).</summary>
    public const int Comparators = 500;
}
