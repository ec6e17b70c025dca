using System.Globalization;
using Grpc.Core;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests;

/// <summary>What the shared-services tests (adoption, private fostering) need: social workers' tokens, children, dates.</summary>
public static class SharedServices
{
    /// <summary>Kensington and Chelsea's ONS code.</summary>
    public const string Kensington = "E09000020";

    /// <summary>Ealing's ONS code.</summary>
    public const string Ealing = "E09000009";

    /// <summary>A social worker of <paramref name="borough"/>.</summary>
    public static Metadata SocialWorker(this HubProcess hub, string borough, string userId = "test-social-worker") =>
        hub.As(borough, "social-worker", userId);

    /// <summary>Registers a made-up child with <paramref name="borough"/> (through its sync service) and returns the child's id.</summary>
    public static async Task<string> RegisterChild(this HubProcess hub, string borough, string? birthDate = null)
    {
        var children = new ChildrenService.ChildrenServiceClient(hub.Channel());
        var request = ChildRequests.Child(borough);
        request.BirthDate.Date = birthDate ?? request.BirthDate.Date;
        return (await children.RegisterChildAsync(request, hub.As(borough, "borough-sync"))).Child.ChildId;
    }

    /// <summary>The day <paramref name="days"/> from today (negative for the past), written YYYY-MM-DD.</summary>
    public static string Day(int days) => DateTime.UtcNow.Date.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
