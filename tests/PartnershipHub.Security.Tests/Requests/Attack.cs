using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Testing;

namespace PartnershipHub.Security.Tests.Requests;

/// <summary>What the attack scenarios share: the boroughs, tokens, clients and the requests a practitioner would send.</summary>
public sealed class Attack(HubFixture fixture) : IDisposable
{
    /// <summary>Westminster's ONS code.</summary>
    public const string Westminster = "E09000033";

    /// <summary>Ealing's ONS code: no MASH shared with Westminster.</summary>
    public const string Ealing = "E09000009";

    /// <summary>Kensington and Chelsea's ONS code: shares the tri-borough MASH with Westminster.</summary>
    public const string KensingtonAndChelsea = "E09000020";

    private static int serial = Random.Shared.Next(1_000_000, 9_000_000);

    private readonly GrpcChannel channel = fixture.Hub.Channel();

    /// <summary>The channel to the running hub.</summary>
    public GrpcChannel Channel => channel;

    /// <summary>The running hub.</summary>
    public HubProcess Hub => fixture.Hub;

    /// <summary>The children API.</summary>
    public ChildrenService.ChildrenServiceClient Children => new(channel);

    /// <summary>The MASH API.</summary>
    public MashService.MashServiceClient Mash => new(channel);

    /// <summary>The audit API.</summary>
    public AuditService.AuditServiceClient Audit => new(channel);

    /// <summary>A token's headers for a caller.</summary>
    public Metadata As(string organisation, string role) => Hub.As(organisation, role);

    /// <summary>A valid NHS number nobody else in this run has.</summary>
    public static string UniqueNhsNumber()
    {
        while (true)
        {
            var firstNine = (100_000_000 + (Interlocked.Increment(ref serial) % 800_000_000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var check = Domain.Identifiers.NhsNumber.CheckDigit(firstNine);
            if (check >= 0)
            {
                return firstNine + check;
            }
        }
    }

    /// <summary>A UPN nobody else in this run has (a letter, 11 digits, a letter).</summary>
    public static string UniqueUpn() => $"A{Interlocked.Increment(ref serial) % 100_000_000_000:D11}B";

    /// <summary>A registration of a made-up child with <paramref name="borough"/>.</summary>
    public static RegisterChildRequest Child(string borough, ChildIdentifiers? identifiers = null) => new()
    {
        ResponsibleBorough = borough,
        GivenName = "Testchild",
        FamilyName = "Example",
        BirthDate = new BirthDate { Status = BirthDateStatus.Known, Date = "2016-05-17" },
        Identifiers = identifiers ?? new ChildIdentifiers { NhsNumber = UniqueNhsNumber() },
    };

    /// <summary>A contact received an hour ago at <paramref name="borough"/>'s front door about a child with these identifiers.</summary>
    public static RecordContactRequest Contact(string borough, ChildIdentifiers identifiers) => new()
    {
        Borough = borough,
        ReceivedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
        ReferralSource = "2A",
        Concerns = "Child arrived at school hungry",
        Child = new ContactChild
        {
            Identifiers = identifiers,
            GivenName = "Testchild",
            FamilyName = "Example",
            BirthDate = new BirthDate { Status = BirthDateStatus.Known, Date = "2017-02-03" },
        },
    };

    /// <summary>A Westminster child registered by its own social worker, with an NHS number, a UPN and a case id.</summary>
    public async Task<Child> WestminsterChild()
    {
        var identifiers = new ChildIdentifiers
        {
            NhsNumber = UniqueNhsNumber(),
            UniquePupilNumber = UniqueUpn(),
            BoroughCaseIds = { new BoroughCaseId { Borough = Westminster, CaseId = $"WCC-{Interlocked.Increment(ref serial)}" } },
        };
        return (await Children.RegisterChildAsync(Child(Westminster, identifiers), As(Westminster, "social-worker"))).Child;
    }

    /// <summary>The records of a child's audit trail, as the responsible borough's staff read them.</summary>
    public async Task<IReadOnlyList<AuditRecord>> Trail(string childId, string borough) =>
        (await Audit.ListChildAccessAsync(new ListChildAccessRequest { ChildId = childId, PageSize = 1000 }, As(borough, "mash-manager"))).Records;

    /// <summary>Asserts the call fails with <paramref name="code"/> and returns the failure.</summary>
    public static async Task<RpcException> Fails(StatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        return error;
    }

    /// <summary>The field violations a failure carries.</summary>
    public static IReadOnlyList<BadRequest.Types.FieldViolation> Violations(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations ?? [];

    /// <summary>Asserts the call fails with INVALID_ARGUMENT naming <paramref name="field"/>, and returns the failure.</summary>
    public static async Task<RpcException> InvalidField(string field, Func<Task> call)
    {
        var error = await Fails(StatusCode.InvalidArgument, call);
        Assert.Contains(field, Violations(error).Select(v => v.Field));
        return error;
    }

    /// <inheritdoc />
    public void Dispose() => channel.Dispose();
}
