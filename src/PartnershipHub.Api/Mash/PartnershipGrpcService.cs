using System.Globalization;
using Grpc.Core;
using PartnershipHub.Abstractions.Partnerships;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Partnerships;
using PartnershipHub.Domain.Validation;
using V1 = PartnershipHub.Contracts.Partnerships.V1;

namespace PartnershipHub.Api.Mash;

/// <summary>The partnership agreements API: anyone authenticated may list them; only administrators change them.</summary>
public sealed class PartnershipGrpcService(IGrainFactory grains, AuditWriter audit) : V1.PartnershipService.PartnershipServiceBase
{
    private const string Subject = "partnership/agreements";

    private IPartnershipAgreementsGrain Agreements => grains.GetGrain<IPartnershipAgreementsGrain>(IPartnershipAgreementsGrain.Key);

    /// <inheritdoc />
    public override async Task<V1.ListAgreementsResponse> ListAgreements(V1.ListAgreementsRequest request, ServerCallContext context)
    {
        context.GetCaller();
        var response = new V1.ListAgreementsResponse();
        response.Agreements.AddRange((await Agreements.All()).OrderBy(a => a.From).ThenBy(a => a.Id).Select(ToMessage));
        return response;
    }

    /// <inheritdoc />
    public override async Task<V1.SaveAgreementResponse> SaveAgreement(V1.SaveAgreementRequest request, ServerCallContext context)
    {
        var caller = context.GetCaller();
        var access = AccessPolicy.CanAdminister(caller);
        if (!access.Allowed)
        {
            await audit.Record(Subject, "partnership.agreement.save", caller, "administration", null, "denied", access.Reason);
            throw RpcErrors.PermissionDenied(access.Reason);
        }

        var agreement = ToDomain(request.Agreement ?? new V1.Agreement(), out var violations);
        FieldChecks.ThrowIfAny(violations);
        var held = await Agreements.All();
        if (held.Count >= PartnershipAgreements.MaxAgreements && held.All(a => a.Id != agreement!.Id))
        {
            throw RpcErrors.FailedPrecondition($"the partnership holds at most {PartnershipAgreements.MaxAgreements} agreements; end and reuse one instead");
        }

        var refusal = await Agreements.Save(agreement!, caller);
        if (refusal is not null)
        {
            throw RpcErrors.PermissionDenied(refusal);
        }

        await audit.Record(Subject, "partnership.agreement.save", caller, "administration", null, "changed",
            $"agreement {agreement!.Id}: {agreement.Service}, {string.Join(",", agreement.Members)}, {agreement.From:yyyy-MM-dd} to {agreement.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "open"}");
        return new V1.SaveAgreementResponse { Agreement = ToMessage(agreement) };
    }

    private static PartnershipAgreement? ToDomain(V1.Agreement message, out Violations violations)
    {
        violations = new Violations("agreement.");
        var id = message.Id.Trim();
        if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            violations.Add("id", "must be 1 to 64 lower-case letters, digits and hyphens.");
        }

        var name = FieldChecks.RequiredLabel(violations, "name", message.Name, 200);
        if (message.Service == V1.SharedService.Unspecified || !Enum.IsDefined(message.Service))
        {
            violations.Add("service", "is required: MASH, FOSTERING, ADOPTION or SAFEGUARDING_PARTNERSHIP.");
        }

        // Bounded up front, so a saved agreement always fits the agreements' stored row.
        var members = FieldChecks.OrganisationCodes(violations, "members", message.Members, RequestLimits.AgreementMembers);
        if (message.Members.Count < 2)
        {
            violations.Add("members", "must list at least two distinct organisations, each once.");
        }

        var from = Date(violations, "from", message.From, required: true);
        var to = Date(violations, "to", message.To, required: false);
        if (from is not null && to is not null && to < from)
        {
            violations.Add("to", "is before from.");
        }

        return violations.IsEmpty ? new PartnershipAgreement(id, name, (SharedService)message.Service, members, from!.Value, to) : null;
    }

    private static DateOnly? Date(Violations violations, string field, string value, bool required)
    {
        if (value.Length == 0 && !required)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        violations.Add(field, "must be a date written YYYY-MM-DD.");
        return null;
    }

    private static V1.Agreement ToMessage(PartnershipAgreement agreement)
    {
        var message = new V1.Agreement
        {
            Id = agreement.Id,
            Name = agreement.Name,
            Service = (V1.SharedService)agreement.Service,
            From = agreement.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            To = agreement.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
        };
        message.Members.AddRange(agreement.Members);
        return message;
    }
}
