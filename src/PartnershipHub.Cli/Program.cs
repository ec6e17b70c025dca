using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using PartnershipHub.Cli;
using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Contracts.Board.V1;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Datasets.V1;
using PartnershipHub.Contracts.Fostering.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Contracts.Partnerships.V1;
using PartnershipHub.Contracts.Sync.V1;

const string Usage = """
    phub: talk to a PartnershipHub from the command line.

      phub token --org CODE --role ROLE [--user ID] [--hours 8] [--data-folder .data]
          Prints a bearer token signed with the local hub's key (local use only).
          Roles: mash-practitioner, mash-manager, social-worker, agency-responder, borough-sync, partnership-analyst,
          administrator.

      phub demo seed [--children 300] [--seed N] [--batch-size 250] [--data-folder .data] [--hub URL]
          Pushes a generated tri-borough history (2010 to yesterday) into a local hub (never one with real children).

      phub children register --borough CODE --given-name NAME --family-name NAME
                             [--dob YYYY-MM-DD | --expected YYYY-MM-DD] [--nhs-number N] [--upn U]
                             [--case-id BOROUGH=ID ...]
      phub children get CHILD_ID --purpose case-management|mash-enquiry|section-47|care-planning|case-sync
                             [--case-reference REF]
      phub children list BOROUGH [--page-size N] [--page-token T]

      phub mash contact --borough CODE --source CIN_CODE --concerns TEXT [--received ISO_TIME]
                        [--nhs-number N] [--upn U] [--case-id BOROUGH=ID ...]   (matches a known child)
                        [--given-name NAME --family-name NAME --dob YYYY-MM-DD]  (creates a new one)
      phub mash rate --child ID --contact ID --rating red|amber|green|blue --rationale TEXT [--too-little-information yes]
      phub mash request --child ID --contact ID --agency CODE [--agency CODE ...] --question TEXT
      phub mash inbox                                   (agency-responder: requests addressed to your agency)
      phub mash answer --child ID --request ID --basis public-task|legal-obligation|safeguarding-of-children|law-enforcement|consent
                       [--field NAME=VALUE ...] [--text TEXT] [--nothing-known yes] [--classification C]
      phub mash decide --child ID --contact ID --decision no-further-action|early-help|single-assessment|strategy-discussion|transfer-to-another-authority
                       --rationale TEXT [--transfer-to AUTHORITY]
      phub mash get --child ID --contact ID
      phub mash open BOROUGH
      phub mash consent --child ID --purpose mash-enquiry --recipient AGENCY --state given|refused|withdrawn|not-sought [--notes TEXT]
      phub mash share-without-consent --child ID --purpose mash-enquiry [--agency AGENCY] --basis safeguarding-of-children --reason TEXT
      phub mash view CHILD_ID --purpose mash-enquiry --case-reference REF

      phub care show CHILD_ID --purpose case-management|care-planning|section-47|fostering-matching|adoption-matching [--case-reference REF]
      phub care save --child ID --json '{"referral": {"referralDate": "2025-01-06", "source": "6"}}' [--reason TEXT]
      phub care save --child ID --record ID --version N --json '{...}' --reason TEXT     (a correction)
      phub care withdraw --child ID --record ID --version N --reason TEXT                  (entered in error)
      phub care change-episode --child ID --date YYYY-MM-DD --rne P|T|L|B|U --placement U4 --provider PR4
                               --postcode-district W10 [--legal-status C2] --reason TEXT  (a placement move)
      phub care history --child ID --record ID --purpose case-management

      phub fostering register --borough CODE --kind mainstream|connected-persons [--named-child CHILD_ID]
                              --reference REF --district W6 --places N --min-age N --max-age N
                              [--siblings yes] [--need disability|parent-and-child|remand|unaccompanied-asylum-seeking-child ...]
      phub fostering approval --household ID --status approved|suspended|deregistered --date YYYY-MM-DD
      phub fostering review --household ID --date YYYY-MM-DD
      phub fostering capacity --household ID --places N --min-age N --max-age N [--siblings yes] [--need NEED ...]
      phub fostering get HOUSEHOLD_ID
      phub fostering list BOROUGH
      phub fostering search --child ID [--sibling ID ...] [--need NEED ...] [--district W6] [--case-reference REF]
      phub fostering place --household ID --child ID --from YYYY-MM-DD
      phub fostering end --household ID --child ID --date YYYY-MM-DD

      phub sync watch [--watermark W | --from-oldest yes] [--bookmark-seconds N]
          (borough-sync: prints every change to your children's records, and the partners' records you share, as
          JSON lines until Ctrl+C; resume with the last line's watermark)

      phub import FOLDER [FOLDER...] [--borough CODE] [--batch-size 200] [--dry-run] [--state FILE] [--reference-date YYYY-MM-DD]
          (borough-sync) Imports the SSDA903 CSV files and CIN census XML in the folders through the sync stream; reports
          each refused row as file:line: reason; run it again to resume after an interruption.
          See docs/statutory-returns.md.

      phub board actions add --board BOARD --title TEXT --source TEXT --assigned-to ORG --due YYYY-MM-DD [--detail TEXT]
      phub board actions list|overdue --board BOARD [--assigned-to ORG] [--as-at YYYY-MM-DD (overdue)] [--all yes (list)]
      phub board actions show ITEM_ID
      phub board actions evidence|progress --item ID --version N --text TEXT
      phub board actions status --item ID --version N --status in-progress|done|dropped [--reason TEXT]
      phub board actions revise --item ID --version N [--due YYYY-MM-DD] [--assigned-to ORG] --reason TEXT
      phub board plan add --board BOARD --kind case-review|audit --title TEXT --source TEXT --assigned-to ORG --due YYYY-MM-DD
      phub board plan list|overdue|show|progress|impact|status|revise ...     (as for actions)
      phub board meetings add --board BOARD --date YYYY-MM-DD --title TEXT --member ORG [--member ORG ...]
      phub board meetings attend --board BOARD --meeting ID --version N [--attended ORG ...] [--deputy ORG ...]
                                 [--apologies ORG ...] [--absent ORG ...]          (members not named: absent)
      phub board meetings list --board BOARD
      phub board attendance escalations --board BOARD --as-at YYYY-MM-DD [--threshold PERCENT]
          A board is named by its safeguarding partnership agreement's id, e.g. lscb-triborough. Board answers are
          printed as tables.

      phub audit access CHILD_ID                        (who has accessed the child's record, when and why)
      phub audit verify CHILD_ID                        (administrator: check the child's hash chain)
      phub agreements list

      phub datasets measures
      phub datasets get --measure M ... [--year 2024 ...] [--as-at 2025-03-31 ...] [--borough CODE ...] [--breakdown age-band ...] [--partnership yes]
      phub datasets table plans-by-borough|plans-by-age|funnel|care-by-borough --year 2025 [--csv FILE]
                                                        (the annual report's tables for the year to 31 March 2025)
      phub datasets population --file FILE.csv --source TEXT   (administrator: borough,mid_year,age,population)
      phub datasets check [--repair yes]                (administrator: recompute every measure and compare; repair
                                                         sets differing cells to the recomputed figure)
      phub datasets extract --as-at YYYY-MM-DD --reference REF [--borough CODE ...]
                            [--cohort child-protection-plan|looked-after ...] [--csv FILE]
          (partnership-analyst) A minimised child-level extract as CSV (to FILE, or standard output): one row per
          child on a plan or looked after on the date, with a pseudonymous row id, birth month, borough, age band,
          category, legal status, placement type and postcode district. Each child's row is audited in their trail.

    Calls take the hub's address from --hub (default http://127.0.0.1:5080) and the token from --token or the
    PHUB_TOKEN environment variable. Answers are printed as JSON (dataset tables as text); errors go to standard error with exit code 1.
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
        "import" => await PartnershipHub.Cli.Import.ImportCommand.Run([.. args.Skip(1)], Console.Out, Console.Error, terminal: !Console.IsErrorRedirected),
        "demo" when args.Length > 1 => await DemoCommands.Demo(args[1], new Arguments(args.Skip(2)), Console.Out),
        "children" when args.Length > 1 => await Call(args[1], new Arguments(args.Skip(2)), Children),
        "mash" when args.Length > 1 => await Call(args[1], new Arguments(args.Skip(2)),
            (channel, verb, a, headers) => MashCommands.Mash(new MashService.MashServiceClient(channel), verb, a, headers)),
        "care" when args.Length > 1 => await Call(args[1], new Arguments(args.Skip(2)),
            (channel, verb, a, headers) => CareCommands.Care(new CareService.CareServiceClient(channel), verb, a, headers)),
        "fostering" when args.Length > 1 => await Call(args[1], new Arguments(args.Skip(2)),
            (channel, verb, a, headers) => FosteringCommands.Fostering(new FosteringService.FosteringServiceClient(channel), verb, a, headers)),
        "board" when args.Length > 2 => await Print(args[2], new Arguments(args.Skip(3)),
            (channel, verb, a, headers) => BoardCommands.Board(new BoardService.BoardServiceClient(channel), args[1], verb, a, headers)),
        "audit" when args.Length > 1 => await Call(args[1], new Arguments(args.Skip(2)),
            (channel, verb, a, headers) => MashCommands.Audit(new AuditService.AuditServiceClient(channel), verb, a, headers)),
        "datasets" when args.Length > 1 => await Call(args[1], new Arguments(args.Skip(2)),
            (channel, verb, a, headers) => DatasetCommands.Datasets(new DatasetService.DatasetServiceClient(channel), verb, a, headers)),
        "agreements" when args.Length > 1 => await Call(args[1], new Arguments(args.Skip(2)),
            (channel, verb, _, headers) => MashCommands.Agreements(new PartnershipService.PartnershipServiceClient(channel), verb, headers)),
        "sync" when args.Length > 1 && args[1] == "watch" => await Connected(new Arguments(args.Skip(2)),
            (channel, a, headers) => SyncCommands.Watch(new SyncService.SyncServiceClient(channel), a, headers)),
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

// Makes one authenticated call and prints its answer as JSON (nothing for an Empty answer: the command printed its own).
static Task<int> Call(string verb, Arguments a, Func<GrpcChannel, string, Arguments, Metadata, Task<IMessage>> call) =>
    Print(verb, a, async (channel, v, args, headers) =>
        await call(channel, v, args, headers) is var answer and not Google.Protobuf.WellKnownTypes.Empty ? JsonFormatter.Default.Format(answer) : string.Empty);

// Makes one authenticated call and prints the text made of its answer, if any.
static Task<int> Print(string verb, Arguments a, Func<GrpcChannel, string, Arguments, Metadata, Task<string>> call) =>
    Connected(a, async (channel, a, headers) =>
    {
        var text = await call(channel, verb, a, headers);
        if (text.Length > 0)
        {
            Console.WriteLine(text);
        }

        return 0;
    });

// Runs a command with a channel to the hub (--hub) and the caller's token (--token or PHUB_TOKEN).
static async Task<int> Connected(Arguments a, Func<GrpcChannel, Arguments, Metadata, Task<int>> command)
{
    var token = a.Option("token") ?? Environment.GetEnvironmentVariable("PHUB_TOKEN")
        ?? throw new UsageException("A token is needed: --token or PHUB_TOKEN (see 'phub token').");
    using var channel = GrpcChannel.ForAddress(a.Option("hub", "http://127.0.0.1:5080")!);
    return await command(channel, a, new Metadata { { "authorization", "Bearer " + token } });
}

static async Task<IMessage> Children(GrpcChannel channel, string verb, Arguments a, Metadata headers)
{
    var client = new ChildrenService.ChildrenServiceClient(channel);
    return verb switch
    {
        "register" => await client.RegisterChildAsync(ChildCommands.Registration(a), headers),
        "get" => await client.GetChildAsync(ChildCommands.Read(a), headers),
        "list" => await client.ListBoroughChildrenAsync(ChildCommands.List(a), headers),
        _ => throw new UsageException($"Unknown children command '{verb}'."),
    };
}
