using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using PartnershipHub.Abstractions.Fostering;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Fostering;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Fostering.V1;

namespace PartnershipHub.Api.Fostering;

/// <summary>Checks the fostering API's fields and translates its messages to and from grain records.</summary>
public static class FosteringMessages
{
    private const int MaxReference = 64;
    private const int MaxSiblings = RequestLimits.Siblings;

    /// <summary>An optional postcode district, normalised; null when empty.</summary>
    public static string? District(Violations violations, string field, string value, bool required)
    {
        if (value.Trim().Length == 0 && !required)
        {
            return null;
        }

        return PostcodeDistrict.Check(violations, field, value);
    }

    /// <summary>A list of needs, each a known value and listed once.</summary>
    public static IReadOnlyList<CarerNeed> Needs(Violations violations, string field, IReadOnlyList<V1.CarerNeed> needs)
    {
        for (var i = 0; i < needs.Count; i++)
        {
            if (needs[i] == V1.CarerNeed.Unspecified || !System.Enum.IsDefined(needs[i]))
            {
                violations.Add($"{field}[{i}]", "must be DISABILITY, PARENT_AND_CHILD, REMAND or UNACCOMPANIED_ASYLUM_SEEKING_CHILD.");
            }
            else if (needs.Take(i).Contains(needs[i]))
            {
                violations.Add($"{field}[{i}]", "appears twice.");
            }
        }

        return [.. needs.Select(n => (CarerNeed)n).Order()];
    }

    /// <summary>A capacity: places, an age range within childhood, and needs.</summary>
    public static HouseholdCapacity Capacity(Violations violations, V1.Capacity? message)
    {
        if (message is null)
        {
            violations.Add("capacity", "is required.");
            return new HouseholdCapacity(0, 0, 0, false, []);
        }

        if (message.Places is < 1 or > FosterVacancies.MaxPlaces)
        {
            violations.Add("capacity.places", $"must be 1 to {FosterVacancies.MaxPlaces}.");
        }

        if (message.MinAge is < 0 or > FosterVacancies.MaxAge)
        {
            violations.Add("capacity.min_age", $"must be 0 to {FosterVacancies.MaxAge} years.");
        }

        if (message.MaxAge is < 0 or > FosterVacancies.MaxAge)
        {
            violations.Add("capacity.max_age", $"must be 0 to {FosterVacancies.MaxAge} years.");
        }
        else if (message.MaxAge < message.MinAge)
        {
            violations.Add("capacity.max_age", "is below min_age.");
        }

        var needs = Needs(violations, "capacity.needs", message.Needs);
        return new HouseholdCapacity(message.Places, message.MinAge, message.MaxAge, message.TakesSiblingGroups, needs);
    }

    /// <summary>A registration request, checked field by field.</summary>
    public static HouseholdRegistration? ToRegistration(V1.RegisterHouseholdRequest request, out Violations violations)
    {
        violations = new Violations();
        var borough = request.ApprovingBorough.Trim();
        Children.ChildRequestMapping.CheckBorough(violations, "approving_borough", borough);
        var kind = (HouseholdKind)request.Kind;
        if (request.Kind == V1.HouseholdKind.Unspecified || !System.Enum.IsDefined(request.Kind))
        {
            violations.Add("kind", "is required: MAINSTREAM or CONNECTED_PERSONS.");
        }

        var namedChild = request.NamedChildId.Trim();
        if (kind == HouseholdKind.ConnectedPersons)
        {
            FieldChecks.HubId(violations, "named_child_id", namedChild);
        }
        else if (namedChild.Length > 0)
        {
            violations.Add("named_child_id", "is only for connected persons, who are approved for one named child.");
        }

        var reference = FieldChecks.RequiredLabel(violations, "household_reference", request.HouseholdReference, MaxReference);
        var district = District(violations, "postcode_district", request.PostcodeDistrict, required: true);
        var capacity = Capacity(violations, request.Capacity);
        if (kind == HouseholdKind.ConnectedPersons && capacity.Places > 1)
        {
            violations.Add("capacity.places", "must be 1 for connected persons, who are approved for one named child.");
        }

        return violations.IsEmpty
            ? new HouseholdRegistration(borough, kind, namedChild.Length > 0 ? namedChild : null, reference, district!, capacity)
            : null;
    }

    /// <summary>A search request, checked field by field.</summary>
    public static VacancySearch? ToSearch(V1.SearchVacanciesRequest request, out Violations violations)
    {
        violations = new Violations();
        FieldChecks.HubId(violations, "child_id", request.ChildId);
        if (request.SiblingChildIds.Count > MaxSiblings)
        {
            violations.Add("sibling_child_ids", $"must have at most {MaxSiblings} items.");
        }

        for (var i = 0; i < request.SiblingChildIds.Count; i++)
        {
            var sibling = request.SiblingChildIds[i];
            FieldChecks.HubId(violations, $"sibling_child_ids[{i}]", sibling);
            if (sibling == request.ChildId || request.SiblingChildIds.Take(i).Contains(sibling))
            {
                violations.Add($"sibling_child_ids[{i}]", "names a child already in the search.");
            }
        }

        var needs = Needs(violations, "needs", request.Needs);
        var district = District(violations, "preferred_postcode_district", request.PreferredPostcodeDistrict, required: false);
        return violations.IsEmpty ? new VacancySearch(request.ChildId, [.. request.SiblingChildIds], needs, district) : null;
    }

    /// <summary>A household with its placements and history, for its approving borough.</summary>
    public static V1.Household ToMessage(FosterHousehold household, DateOnly today)
    {
        var message = ToMessage(household.Summary(), today);
        message.NamedChildId = household.Details.NamedChildId ?? string.Empty;
        message.ApprovedOn = IsoDates.Write(household.ApprovedOn);
        message.LastReviewOn = IsoDates.Write(household.LastReviewOn);
        message.Placements.AddRange(household.Placements.Select(p => ToMessage(p, household.HouseholdId)));
        message.History.AddRange(household.History.Select(h => new V1.HouseholdChange
        {
            Change = h.Change,
            Organisation = h.By.Organisation,
            UserId = h.By.UserId,
            RecordedAt = Timestamp.FromDateTimeOffset(h.By.At),
        }));
        return message;
    }

    /// <summary>A household as lists and searches show it: no children, no history.</summary>
    public static V1.Household ToMessage(HouseholdSummary summary, DateOnly today)
    {
        var capacity = new V1.Capacity
        {
            Places = summary.Capacity.Places,
            MinAge = summary.Capacity.MinAge,
            MaxAge = summary.Capacity.MaxAge,
            TakesSiblingGroups = summary.Capacity.TakesSiblingGroups,
        };
        capacity.Needs.AddRange(summary.Capacity.Needs.Select(n => (V1.CarerNeed)n));
        return new V1.Household
        {
            HouseholdId = summary.HouseholdId,
            ApprovingBorough = summary.ApprovingBorough,
            Kind = (V1.HouseholdKind)summary.Kind,
            HouseholdReference = summary.Reference,
            PostcodeDistrict = summary.PostcodeDistrict,
            Status = (V1.ApprovalStatus)summary.Status,
            ReviewDue = IsoDates.Write(summary.ReviewDue),
            ReviewOverdue = HouseholdApproval.ReviewOverdue(summary.Status, summary.ReviewDue, today),
            Capacity = capacity,
            Vacancies = FosterVacancies.Count(summary.Capacity.Places, summary.Placed),
        };
    }

    /// <summary>A placement.</summary>
    public static V1.Placement ToMessage(FosterPlacement placement, string householdId) => new()
    {
        ChildId = placement.ChildId,
        HouseholdId = householdId,
        FromDate = IsoDates.Write(placement.From),
        ToDate = IsoDates.Write(placement.To),
    };
}
