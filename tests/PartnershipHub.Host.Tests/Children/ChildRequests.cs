using PartnershipHub.Contracts.Children.V1;

namespace PartnershipHub.Host.Tests.Children;

/// <summary>Registration requests for made-up children, each with identifiers no other test uses.</summary>
public static class ChildRequests
{
    /// <summary>Westminster's ONS code.</summary>
    public const string Westminster = "E09000033";

    /// <summary>Hammersmith and Fulham's ONS code.</summary>
    public const string HammersmithAndFulham = "E09000013";

    /// <summary>Kensington and Chelsea's ONS code.</summary>
    public const string KensingtonAndChelsea = "E09000020";

    private static int serial = Random.Shared.Next(1_000_000, 9_000_000);

    /// <summary>A valid NHS number nobody else in this test run has.</summary>
    public static string UniqueNhsNumber()
    {
        while (true)
        {
            var firstNine = (100_000_000 + (Interlocked.Increment(ref serial) % 800_000_000)).ToString();
            var check = PartnershipHub.Domain.Identifiers.NhsNumber.CheckDigit(firstNine);
            if (check >= 0)
            {
                return firstNine + check;
            }
        }
    }

    /// <summary>A valid registration of a child with <paramref name="borough"/>, with a fresh NHS number.</summary>
    public static RegisterChildRequest Child(string borough = Westminster, string givenName = "Testchild") => new()
    {
        ResponsibleBorough = borough,
        GivenName = givenName,
        FamilyName = "Example",
        BirthDate = new BirthDate { Status = BirthDateStatus.Known, Date = "2016-05-17" },
        Identifiers = new ChildIdentifiers { NhsNumber = UniqueNhsNumber() },
    };
}
