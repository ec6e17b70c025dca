using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using PartnershipHub.Abstractions.Children;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Children.V1;

namespace PartnershipHub.Api.Children;

/// <summary>Translates the children API's messages to and from grain records, checking every field on the way in.</summary>
public static class ChildRequestMapping
{
    private const int MaxNameLength = 100;
    internal const int MaxCaseIdLength = 64;

    /// <summary>How far ahead an expected date of delivery may lie.</summary>
    private static readonly TimeSpan MaxPregnancyAhead = TimeSpan.FromDays(300);

    /// <summary>A bound against mistyped years (0015 for 2015), not an age limit.</summary>
    private static readonly DateOnly EarliestBirth = new(1900, 1, 1);

    /// <summary>
    /// Validates a registration request and returns it normalised, or the list of everything wrong with it; field
    /// names start with <paramref name="fieldPrefix"/> when the request is nested in another message. Names are
    /// required unless <paramref name="namesOptional"/> (a borough's sync service, whose statutory returns carry no
    /// names): then both or neither, and neither leaves them empty, "not recorded".
    /// </summary>
    public static ChildRegistration? ToRegistration(V1.RegisterChildRequest request, DateOnly today, out Violations violations, string fieldPrefix = "", bool namesOptional = false)
    {
        violations = new Violations(fieldPrefix);
        var borough = request.ResponsibleBorough.Trim();
        CheckBorough(violations, "responsible_borough", borough);
        var (givenName, familyName) = namesOptional && request.GivenName.Trim().Length == 0 && request.FamilyName.Trim().Length == 0
            ? (string.Empty, string.Empty)
            : (CheckName(violations, "given_name", request.GivenName), CheckName(violations, "family_name", request.FamilyName));
        var (birthStatus, birthDate) = CheckBirthDate(violations, request.BirthDate, today);
        var (nhsNumber, upn, caseIds) = CheckIdentifiers(violations, request.Identifiers);
        return violations.IsEmpty
            ? new ChildRegistration(borough, givenName, familyName, birthStatus, birthDate, nhsNumber, upn, caseIds)
            : null;
    }

    /// <summary>Validates a child's identifiers (any may be absent) and returns them normalised.</summary>
    public static (string? NhsNumber, string? Upn, IReadOnlyList<BoroughCaseId> CaseIds) CheckIdentifiers(Violations violations, V1.ChildIdentifiers? identifiers)
    {
        identifiers ??= new V1.ChildIdentifiers();
        string? nhsNumber = null;
        if (identifiers.NhsNumber.Length > 0)
        {
            nhsNumber = NhsNumber.Normalise(identifiers.NhsNumber, out var problem);
            if (problem is not null)
            {
                violations.Add("identifiers.nhs_number", problem);
            }
        }

        string? upn = null;
        if (identifiers.UniquePupilNumber.Length > 0)
        {
            upn = UniquePupilNumber.Normalise(identifiers.UniquePupilNumber, out var problem);
            if (problem is not null)
            {
                violations.Add("identifiers.unique_pupil_number", problem);
            }
        }

        var caseIds = new List<BoroughCaseId>();
        if (identifiers.BoroughCaseIds.Count > RequestLimits.CaseIdsPerChild)
        {
            violations.Add("identifiers.borough_case_ids", $"must have at most {RequestLimits.CaseIdsPerChild} items: one per borough.");
            return (nhsNumber, upn, caseIds);
        }

        var boroughs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < identifiers.BoroughCaseIds.Count; i++)
        {
            var field = $"identifiers.borough_case_ids[{i}]";
            var caseId = identifiers.BoroughCaseIds[i];
            var caseBorough = caseId.Borough.Trim();
            CheckBorough(violations, field + ".borough", caseBorough);
            var id = FieldChecks.RequiredLabel(violations, field + ".case_id", caseId.CaseId, MaxCaseIdLength);
            if (!boroughs.Add(caseBorough))
            {
                violations.Add(field + ".borough", "appears twice; a child has one case id per borough.");
            }

            caseIds.Add(new BoroughCaseId(caseBorough, id));
        }

        return (nhsNumber, upn, caseIds);
    }

    /// <summary>The API's view of a child record.</summary>
    public static V1.Child ToMessage(ChildRecord record)
    {
        var details = record.Details;
        var message = new V1.Child
        {
            ChildId = record.ChildId,
            ResponsibleBorough = details.ResponsibleBorough,
            GivenName = details.GivenName,
            FamilyName = details.FamilyName,
            BirthDate = new V1.BirthDate
            {
                Status = details.BirthDateStatus switch
                {
                    BirthDateStatus.Known => V1.BirthDateStatus.Known,
                    BirthDateStatus.Expected => V1.BirthDateStatus.Expected,
                    _ => V1.BirthDateStatus.Unknown,
                },
                Date = details.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
            },
            Identifiers = new V1.ChildIdentifiers
            {
                NhsNumber = details.NhsNumber ?? string.Empty,
                UniquePupilNumber = details.UniquePupilNumber ?? string.Empty,
            },
            RegisteredAt = Timestamp.FromDateTimeOffset(record.RegisteredAt),
            RegisteredByOrganisation = record.RegisteredByOrganisation,
            NamesNotRecorded = details.GivenName.Length == 0 && details.FamilyName.Length == 0,
        };
        message.Identifiers.BoroughCaseIds.AddRange(details.BoroughCaseIds.Select(c =>
            new V1.BoroughCaseId { Borough = c.Borough, CaseId = c.CaseId }));
        return message;
    }

    /// <summary>Checks a borough field names a borough of the partnership.</summary>
    public static void CheckBorough(Violations violations, string field, string code)
    {
        if (code.Length == 0)
        {
            violations.Add(field, "is required: the borough's ONS code, e.g. E09000033.");
        }
        else if (Borough.Find(code) is null)
        {
            violations.Add(field, $"is not a borough of the partnership; expected an ONS code, one of {string.Join(", ", Borough.All.Select(b => b.Code))}.");
        }
    }

    private static string CheckName(Violations violations, string field, string value) =>
        FieldChecks.RequiredLabel(violations, field, value, MaxNameLength);

    private static (BirthDateStatus, DateOnly?) CheckBirthDate(Violations violations, V1.BirthDate? birth, DateOnly today)
    {
        const string field = "birth_date";
        if (birth is null || birth.Status == V1.BirthDateStatus.Unspecified)
        {
            violations.Add(field + ".status", "is required: KNOWN, EXPECTED or UNKNOWN.");
            return (BirthDateStatus.Unknown, null);
        }

        if (birth.Status == V1.BirthDateStatus.Unknown)
        {
            if (birth.Date.Length > 0)
            {
                violations.Add(field + ".date", "must be empty when the date of birth is UNKNOWN.");
            }

            return (BirthDateStatus.Unknown, null);
        }

        if (!DateOnly.TryParseExact(birth.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            violations.Add(field + ".date", "must be a date written YYYY-MM-DD.");
            return (BirthDateStatus.Unknown, null);
        }

        if (birth.Status == V1.BirthDateStatus.Known)
        {
            if (date > today)
            {
                violations.Add(field + ".date", "is in the future; record an unborn child's due date as EXPECTED.");
            }
            else if (date < EarliestBirth)
            {
                // No age limit that moves with the calendar: a partnership's history holds people who are adults now.
                violations.Add(field + ".date", $"is before {EarliestBirth:yyyy-MM-dd}; write the year in full.");
            }

            return (BirthDateStatus.Known, date);
        }

        if (date < today.AddDays(-31) || date > today.AddDays(MaxPregnancyAhead.Days))
        {
            violations.Add(field + ".date", "an expected date of delivery must lie within the next 300 days.");
        }

        return (BirthDateStatus.Expected, date);
    }
}
