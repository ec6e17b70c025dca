using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using PartnershipHub.Cli;
using PartnershipHub.Contracts.Children.V1;

const string Usage = """
    phub: talk to a PartnershipHub from the command line.

      phub token --org CODE --role ROLE [--user ID] [--hours 8] [--data-folder .data]
          Prints a bearer token signed with the local hub's key (local use only).
          Roles: mash-practitioner, agency-responder, borough-sync, partnership-analyst, administrator.

      phub children register --borough CODE --given-name NAME --family-name NAME
                             [--dob YYYY-MM-DD | --expected YYYY-MM-DD] [--nhs-number N] [--upn U]
                             [--case-id BOROUGH=ID ...]
      phub children get CHILD_ID --purpose case-management|mash-enquiry|section-47|care-planning|case-sync
                             [--case-reference REF]
      phub children list BOROUGH [--page-size N] [--page-token T]

    Calls take the hub's address from --hub (default http://127.0.0.1:5080) and the token from --token or the
    PHUB_TOKEN environment variable. Answers are printed as JSON; errors go to standard error with exit code 1.
    """;

try
{
    if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
    {
        Console.WriteLine(Usage);
        return args.Length == 0 ? 2 : 0;
    }

    return args[0] switch
    {
        "token" => IssueToken(new Arguments(args.Skip(1))),
        "children" when args.Length > 1 => await Children(args[1], new Arguments(args.Skip(2))),
        _ => throw new UsageException($"Unknown command '{string.Join(' ', args.Take(2))}'."),
    };
}
catch (UsageException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine("Run 'phub --help' for usage.");
    return 2;
}
catch (RpcException ex)
{
    Console.Error.WriteLine(RpcErrorText.Describe(ex));
    return 1;
}
catch (FileNotFoundException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}

static int IssueToken(Arguments a)
{
    var hours = double.Parse(a.Option("hours", "8")!, System.Globalization.CultureInfo.InvariantCulture);
    Console.WriteLine(LocalTokenIssuer.Issue(
        a.Option("data-folder", ".data")!, a.Required("org"), a.Required("role"), a.Option("user", Environment.UserName)!, TimeSpan.FromHours(hours)));
    return 0;
}

static async Task<int> Children(string verb, Arguments a)
{
    var token = a.Option("token") ?? Environment.GetEnvironmentVariable("PHUB_TOKEN")
        ?? throw new UsageException("A token is needed: --token or PHUB_TOKEN (see 'phub token').");
    using var channel = GrpcChannel.ForAddress(a.Option("hub", "http://127.0.0.1:5080")!);
    var client = new ChildrenService.ChildrenServiceClient(channel);
    var headers = new Metadata { { "authorization", "Bearer " + token } };
    IMessage answer = verb switch
    {
        "register" => await client.RegisterChildAsync(ChildCommands.Registration(a), headers),
        "get" => await client.GetChildAsync(ChildCommands.Read(a), headers),
        "list" => await client.ListBoroughChildrenAsync(ChildCommands.List(a), headers),
        _ => throw new UsageException($"Unknown children command '{verb}'."),
    };
    Console.WriteLine(JsonFormatter.Default.Format(answer));
    return 0;
}
