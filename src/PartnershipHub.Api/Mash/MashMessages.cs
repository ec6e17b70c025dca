using Google.Protobuf.WellKnownTypes;
using PartnershipHub.Abstractions.Mash;
using PartnershipHub.Api.Children;
using PartnershipHub.Api.Grpc;
using PartnershipHub.Domain.Access;
using PartnershipHub.Domain.Mash;
using PartnershipHub.Domain.Sharing;
using V1 = PartnershipHub.Contracts.Mash.V1;

namespace PartnershipHub.Api.Mash;

/// <summary>Translates MASH records to the API's messages, and the API's enumerations to the domain's.</summary>
public static class MashMessages
{
    /// <summary>A contact and where it stands at <paramref name="now"/>.</summary>
    public static V1.Contact ToMessage(MashContact contact, DateTimeOffset now)
    {
        var message = new V1.Contact
        {
            ContactId = contact.ContactId,
            ChildId = contact.ChildId,
            Borough = contact.Details.Borough,
            ReceivedAt = Timestamp.FromDateTimeOffset(contact.Details.ReceivedAt),
            ReferralSource = contact.Details.ReferralSource,
            Concerns = contact.Details.Concerns,
            Recorded = CommonMessages.ToMessage(contact.Recorded),
            Route = contact.Route switch
            {
                ContactRoute.Referral => V1.ContactRoute.Referral,
                ContactRoute.MashEnquiry => V1.ContactRoute.MashEnquiry,
                _ => V1.ContactRoute.AwaitingRating,
            },
            Decision = contact.Decision is { } d
                ? new V1.DecisionEntry
                {
                    Decision = (V1.MashDecision)d.Decision,
                    Rationale = d.Rationale,
                    TransferTo = d.TransferTo ?? string.Empty,
                    DecidedAt = Timestamp.FromDateTimeOffset(d.DecidedAt),
                    By = CommonMessages.ToMessage(d.By),
                }
                : null,
            TimeToDecision = contact.TimeToDecision is { } t ? Duration.FromTimeSpan(t) : null,
        };
        message.Ratings.AddRange(contact.Ratings.Select(r => new V1.RatingEntry
        {
            Rating = (V1.BragRating)r.Rating,
            TooLittleInformation = r.TooLittleInformation,
            Rationale = r.Rationale,
            By = CommonMessages.ToMessage(r.By),
        }));
        message.Requests.AddRange(contact.Requests.Select(r => new V1.InformationRequest
        {
            RequestId = r.RequestId,
            Agency = r.Agency,
            Question = r.Question,
            Sent = CommonMessages.ToMessage(r.Sent),
            DueAt = Timestamp.FromDateTimeOffset(r.DueAt),
            AnsweredAt = r.Answer is { } a ? Timestamp.FromDateTimeOffset(a.By.At) : null,
            Overdue = r.Answer is null && contact.Decision is null && r.DueAt < now,
        }));
        return message;
    }

    /// <summary>An agency's inbox entry at <paramref name="now"/>.</summary>
    public static V1.AgencyRequest ToMessage(AgencyRequestSummary request, DateTimeOffset now) => new()
    {
        RequestId = request.RequestId,
        ChildId = request.ChildId,
        ContactId = request.ContactId,
        Borough = request.Borough,
        Question = request.Question,
        SentAt = Timestamp.FromDateTimeOffset(request.SentAt),
        DueAt = Timestamp.FromDateTimeOffset(request.DueAt),
        Overdue = request.DueAt < now,
    };

    /// <summary>An open enquiry in the MASH's list, with what is outstanding and overdue at <paramref name="now"/>.</summary>
    public static V1.OpenEnquiry ToMessage(EnquirySummary enquiry, DateTimeOffset now)
    {
        var outstanding = enquiry.Requests.Where(r => r.AnsweredAt is null).ToList();
        var overdue = outstanding.Where(r => r.DueAt < now).ToList();
        var message = new V1.OpenEnquiry
        {
            ChildId = enquiry.ChildId,
            ContactId = enquiry.ContactId,
            ReceivedAt = Timestamp.FromDateTimeOffset(enquiry.ReceivedAt),
            Rating = (V1.BragRating)enquiry.Rating,
            RequestsSent = enquiry.Requests.Count,
            RequestsOutstanding = outstanding.Count,
            RequestsOverdue = overdue.Count,
            OpenFor = Duration.FromTimeSpan(now - enquiry.ReceivedAt),
        };
        message.OverdueAgencies.AddRange(overdue.Select(r => r.Agency).Distinct());
        return message;
    }

    /// <summary>A recorded consent decision.</summary>
    public static V1.ConsentRecord ToMessage(ConsentRecord consent) => new()
    {
        Purpose = Purposes.ToMessage(consent.Purpose),
        Recipient = consent.Recipient,
        State = ToMessage(consent.State),
        Notes = consent.Notes,
        By = CommonMessages.ToMessage(consent.By),
    };

    /// <summary>A recorded decision to share without consent.</summary>
    public static V1.SharingWithoutConsent ToMessage(SharingWithoutConsentRecord sharing) => new()
    {
        Purpose = Purposes.ToMessage(sharing.Purpose),
        Agency = sharing.Agency ?? string.Empty,
        Basis = (V1.LawfulBasis)sharing.Basis,
        Reason = sharing.Reason,
        Authorised = CommonMessages.ToMessage(sharing.By),
    };

    /// <summary>A child's multi-agency view.</summary>
    public static V1.GetMultiAgencyViewResponse ToMessage(MultiAgencyView view)
    {
        var response = new V1.GetMultiAgencyViewResponse { Child = ChildRequestMapping.ToMessage(view.Child) };
        response.Contributions.AddRange(view.Contributions.Select(c =>
        {
            var contribution = new V1.Contribution
            {
                Agency = c.Agency,
                Included = c.Included,
                SharedOn = (V1.LawfulBasis)c.SharedOn,
                Reason = c.Reason,
            };
            contribution.Answers.AddRange(c.Answers.Select(a => new V1.ContributedAnswer
            {
                ContactId = a.ContactId,
                RequestId = a.RequestId,
                Answer = ToMessage(a.Answer),
            }));
            return contribution;
        }));
        return response;
    }

    /// <summary>The domain's consent state for the API's, or null when unspecified or unknown.</summary>
    public static ConsentState? ToDomain(V1.ConsentState state) => state switch
    {
        V1.ConsentState.NotSought => ConsentState.NotSought,
        V1.ConsentState.Given => ConsentState.Given,
        V1.ConsentState.Refused => ConsentState.Refused,
        V1.ConsentState.Withdrawn => ConsentState.Withdrawn,
        _ => null,
    };

    /// <summary>The domain's lawful basis for the API's, or null when unspecified or unknown.</summary>
    public static LawfulBasis? ToDomain(V1.LawfulBasis basis) =>
        basis != V1.LawfulBasis.Unspecified && System.Enum.IsDefined(basis) ? (LawfulBasis)basis : null;

    /// <summary>The domain's rating for the API's, or null when unspecified or unknown.</summary>
    public static BragRating? ToDomain(V1.BragRating rating) =>
        rating != V1.BragRating.Unspecified && System.Enum.IsDefined(rating) ? (BragRating)rating : null;

    /// <summary>The domain's decision for the API's, or null when unspecified or unknown.</summary>
    public static MashDecision? ToDomain(V1.MashDecision decision) =>
        decision != V1.MashDecision.Unspecified && System.Enum.IsDefined(decision) ? (MashDecision)decision : null;

    private static V1.ConsentState ToMessage(ConsentState state) => state switch
    {
        ConsentState.Given => V1.ConsentState.Given,
        ConsentState.Refused => V1.ConsentState.Refused,
        ConsentState.Withdrawn => V1.ConsentState.Withdrawn,
        _ => V1.ConsentState.NotSought,
    };

    private static V1.AgencyAnswer ToMessage(AgencyAnswer answer)
    {
        var message = new V1.AgencyAnswer
        {
            NothingKnown = answer.NothingKnown,
            FreeText = answer.FreeText,
            Classification = answer.Classification,
            Basis = (V1.LawfulBasis)answer.Basis,
            By = CommonMessages.ToMessage(answer.By),
        };
        message.Fields.AddRange(answer.Fields.Select(f => new V1.AnswerField { Name = f.Name, Value = f.Value }));
        return message;
    }
}
