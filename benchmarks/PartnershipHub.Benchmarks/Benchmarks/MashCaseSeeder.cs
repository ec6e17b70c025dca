using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Domain.Identifiers;
using PartnershipHub.Testing;

namespace PartnershipHub.Benchmarks.Benchmarks;

/// <summary>
/// Puts children into the hub the way a MASH would, through gRPC: a green contact about a new Westminster child,
/// three agencies asked, consent given for two and refused for one, every agency answering, and a decision.
/// </summary>
/// <remarks>
/// The decision closes each enquiry, as real enquiries end, so Westminster's MASH board holds only what a working
/// MASH would have open.
/// </remarks>
public sealed class MashCaseSeeder
{
    /// <summary>Westminster's ONS code: the borough every seeded child belongs to.</summary>
    public const string Borough = "E09000033";

    /// <summary>An agency asked, consent given: its answer is in the view.</summary>
    public const string Police = "met-police";

    /// <summary>An agency asked, consent given, answering "nothing known".</summary>
    public const string School = "school-st-marys";

    /// <summary>An agency asked, consent refused: its answer is withheld from the view.</summary>
    public const string Health = "nhs-cnwl";

    private const int CallsPerChild = 11;

    private readonly MashService.MashServiceClient mash;
    private readonly Metadata practitioner;
    private readonly Metadata manager;
    private readonly Dictionary<string, Metadata> responders;

    /// <summary>A seeder calling <paramref name="hub"/> over <paramref name="mash"/> with tokens from the hub's local key.</summary>
    public MashCaseSeeder(MashService.MashServiceClient mash, HubProcess hub)
    {
        this.mash = mash;
        practitioner = hub.As(Borough, "mash-practitioner", "bench-practitioner");
        manager = hub.As(Borough, "mash-manager", "bench-manager");
        responders = new[] { Police, School, Health }.ToDictionary(a => a, a => hub.As(a, "agency-responder", $"bench-{a}"));
    }

    /// <summary>Seeds <paramref name="children"/> children, <paramref name="concurrency"/> at a time, and returns their hub ids.</summary>
    public async Task<IReadOnlyList<string>> SeedAsync(int children, int concurrency, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Seeding {children} children through gRPC ({CallsPerChild} calls each, {concurrency} at a time)...");
        var childIds = new string[children];
        var seeded = 0;
        var stopwatch = Stopwatch.StartNew();
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, children), options, async (index, _) =>
        {
            childIds[index] = await SeedChildAsync(index);
            var done = Interlocked.Increment(ref seeded);
            if (done % 1000 == 0 && done < children)
            {
                Console.WriteLine($"  {done} children after {stopwatch.Elapsed.TotalSeconds:F0} s");
            }
        });

        var seconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(
            $"Seeded {children} children in {seconds:F1} s: {children / seconds:F1} children/s, {children * CallsPerChild / seconds:F0} gRPC calls/s.");
        return childIds;
    }

    private async Task<string> SeedChildAsync(int index)
    {
        var recorded = await mash.RecordContactAsync(NewChildContact(index), practitioner);
        var childId = recorded.Contact.ChildId;
        var contactId = recorded.Contact.ContactId;
        await mash.RateContactAsync(
            new RateContactRequest { ChildId = childId, ContactId = contactId, Rating = BragRating.Green, Rationale = "School concern, no immediate risk" },
            practitioner);
        var sent = await mash.SendInformationRequestsAsync(
            new SendInformationRequestsRequest
            {
                ChildId = childId,
                ContactId = contactId,
                Agencies = { Police, School, Health },
                Question = "What do you know about this child and household?",
            },
            practitioner);

        await Task.WhenAll(
            RecordConsentAsync(childId, Police, ConsentState.Given),
            RecordConsentAsync(childId, School, ConsentState.Given),
            RecordConsentAsync(childId, Health, ConsentState.Refused));
        await Task.WhenAll(sent.Contact.Requests.Select(r => AnswerAsync(childId, r.Agency, r.RequestId)));

        await mash.RecordDecisionAsync(
            new RecordDecisionRequest
            {
                ChildId = childId,
                ContactId = contactId,
                Decision = MashDecision.EarlyHelp,
                Rationale = "Needs met by early help",
                DecidedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            },
            manager);
        return childId;
    }

    private static RecordContactRequest NewChildContact(int index) => new()
    {
        Borough = Borough,
        ReceivedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-2)),
        ReferralSource = "2A",
        Concerns = "Child arrived at school hungry",
        Child = new ContactChild
        {
            Identifiers = new ChildIdentifiers { NhsNumber = DistinctNhsNumber(index) },
            GivenName = "Benchmark",
            FamilyName = "Example",
            BirthDate = new BirthDate { Status = BirthDateStatus.Known, Date = "2016-05-17" },
        },
    };

    /// <summary>A valid NHS number of its own for each index: the first of ten candidate numbers whose check digit exists.</summary>
    private static string DistinctNhsNumber(int index)
    {
        for (var candidate = 400_000_000 + (index * 10); ; candidate++)
        {
            var firstNine = candidate.ToString(CultureInfo.InvariantCulture);
            if (NhsNumber.CheckDigit(firstNine) is var check and >= 0)
            {
                return firstNine + check.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    private async Task RecordConsentAsync(string childId, string agency, ConsentState state) =>
        await mash.RecordConsentAsync(
            new RecordConsentRequest { ChildId = childId, Purpose = AccessPurpose.MashEnquiry, Recipient = agency, State = state, Notes = "Discussed with parent" },
            practitioner);

    private async Task AnswerAsync(string childId, string agency, string requestId)
    {
        var answer = new AnswerInformationRequestRequest
        {
            ChildId = childId,
            RequestId = requestId,
            Classification = "official-sensitive",
            Basis = LawfulBasis.PublicTask,
        };
        if (agency == School)
        {
            answer.NothingKnown = true;
        }
        else
        {
            answer.Fields.Add(new AnswerField { Name = "known_to_agency", Value = "yes" });
            answer.FreeText = $"Benchmark answer from {agency}";
        }

        await mash.AnswerInformationRequestAsync(answer, responders[agency]);
    }
}
