using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using PartnershipHub.Cli;
using PartnershipHub.Contracts.Admin.V1;
using PartnershipHub.Contracts.Adoption.V1;
using PartnershipHub.Contracts.Audit.V1;
using PartnershipHub.Contracts.Board.V1;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Datasets.V1;
using PartnershipHub.Contracts.Fostering.V1;
using PartnershipHub.Contracts.Mash.V1;
using PartnershipHub.Contracts.Partnerships.V1;
using PartnershipHub.Contracts.PrivateFostering.V1;
using PartnershipHub.Contracts.Sync.V1;

const string Usage = """
    phub: talk to a PartnershipHub from the command line.

      phub token --org CODE --role ROLE [--user ID] [--hours 8] [--data-folder .data]
          Prints a bearer token signed with the local hub's key (local use only).
          Roles: mash-practitioner, mash-manager, social-worker, agency-responder, borough-sync, partnership-analyst,
          administrator. Organisations: a partnership borough's ONS code (E09000013 Hammersmith and Fulham,
          E09000020 Kensington and Chelsea, E09000033 Westminster, E09000009 Ealing, E09000018 Hounslow,
          E09000005 Brent) or an agency's code, e.g. met-police, nwl-icb, lscp (lower case, digits and hyphens).

      phub health [--service liveness]                  (no token: SERVING once the hub and its store answer)
      phub services                                     (the hub's gRPC services and their calls)

      phub demo seed [--children 300] [--seed N] [--batch-size 250] [--data-folder .data] [--hub URL]
          Pushes a generated tri-borough history (2010 to yesterday) into a hub on this machine (a loopback address;
          never one with real children), with tokens signed by the key in --data-folder.

      phub children register --borough CODE --given-name NAME --family-name NAME
                             [--dob YYYY-MM-DD | --expected YYYY-MM-DD] [--nhs-number N] [--upn U]
                             [--case-id BOROUGH=ID ...]
      phub children get CHILD_ID --purpose case-management|mash-enquiry|section-47|care-planning|case-sync|fostering-matching|adoption-matching
                             [--case-reference REF]
      phub children list BOROUGH [--page-size N] [--page-token T] [--purpose case-management] [--ids-only]
          (the borough's children with names and dates of birth; each child read is audited)
      phub children link CHILD_ID --case-id ID
          (links your own borough's case id to a child of your borough or of one sharing fostering or adoption with it)

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
      phub mash view CHILD_ID --purpose mash-enquiry|section-47|care-planning|fostering-matching|adoption-matching --case-reference REF

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

      phub adoption register --borough CODE --reference REF --enquiry YYYY-MM-DD --children N --min-age N --max-age N
      phub adoption milestone --adopter ID --milestone approved|enquiry|matched|placed|adoption-order --date YYYY-MM-DD
      phub adoption get ADOPTER_ID [--case-reference REF]
      phub adoption match --adopter ID --child ID --date YYYY-MM-DD [--case-reference REF]
      phub adoption placed --adopter ID --child ID --date YYYY-MM-DD [--case-reference REF]
      phub adoption order --adopter ID --child ID --date YYYY-MM-DD [--case-reference REF]
      phub adoption waiting BOROUGH [--child-age N] [--siblings N]   (approved adopters not yet matched)

      phub private-fostering notify --borough CODE --child ID --notified YYYY-MM-DD --start YYYY-MM-DD
                                    --source school-admissions|benefits|schools|health|self-referral|other --district W2
      phub private-fostering visit --borough CODE --arrangement ID --date YYYY-MM-DD [--seen] [--seen-alone]
      phub private-fostering move --borough CODE --arrangement ID --date YYYY-MM-DD --to BOROUGH --district W8
      phub private-fostering end --borough CODE --arrangement ID --date YYYY-MM-DD
      phub private-fostering list BOROUGH [--all]        (active arrangements; --all adds ended and moved ones)

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
      phub agreements save --id ID --name TEXT --service mash|fostering|adoption|safeguarding-partnership
                           --member ORG [--member ORG ...] --from YYYY-MM-DD [--to YYYY-MM-DD]   (administrator)

      phub datasets measures
      phub datasets get --measure M ... [--year 2024 ...] [--as-at 2025-03-31 ...] [--borough CODE ...] [--breakdown age-band ...]
                        [--partnership] [--mode publication|board --reference REF]
      phub datasets table TABLE --year 2025 [--mode publication|board --reference REF] [--csv FILE]
          The annual report's tables for the year to 31 March 2025. TABLE: plans-by-borough, plans-by-age, funnel,
          care-by-borough. --mode publication (the default): small numbers suppressed. --mode board: exact figures, for
          partnership analysts and administrators of the safeguarding partnership's members, with --reference saying
          what for (audited). --csv FILE: one line per figure, one value per column, the mode and population source as
          # comment lines.
      phub datasets population --file FILE.csv --source TEXT   (administrator: borough,mid_year,age,population)
      phub datasets comparators [--file FILE.csv] [--measure NAME]...   (partnership-analyst or administrator: load
                                                         published England and London figures from a CSV with the header
                                                         area,measure,period,figure,value,source,publication, or list them)
      phub datasets check [--repair yes]                (administrator: recompute every measure and compare; repair
                                                         sets differing cells to the recomputed figure)
      phub admin check [--repair]                       (administrator: compare the boroughs' rosters, MASH boards,
                                                         change feeds and agencies' inboxes with the children's
                                                         records, the placement index, adopter rosters and adoption
                                                         match claims with the households, and the private fostering
                                                         registers' transfers with each other; --repair mends what
                                                         it can)
      phub datasets extract --as-at YYYY-MM-DD --reference REF [--borough CODE ...]
                            [--cohort child-protection-plan|looked-after ...] [--csv FILE]
          (partnership-analyst) A minimised child-level extract as CSV (to FILE, or standard output): one row per
          child on a plan or looked after on the date, with a pseudonymous row id, birth month, borough, age band,
          category, legal status, placement type and postcode district. Each child's row is audited in their trail.

    Calls take the hub's address from --hub or the PHUB_HUB environment variable (default http://127.0.0.1:5080) and
    the token from --token or the PHUB_TOKEN environment variable. Lists are printed as tables, other answers as JSON; --json prints any answer as
    JSON. Errors go to standard error with exit code 1 (2 for a mistake in the command line). 'phub COMMAND --help'
    shows one command's usage.
    """;

var help = new CommandHelp(Usage);
try
{
    var words = args.TakeWhile(w => !w.StartsWith('-')).ToList();
    if (args.Length == 0 || args[0] is "-h" or "--help" || words is ["help"])
    {
        Console.WriteLine(Usage);
        return args.Length == 0 ? 2 : 0;
    }

    if (words.FirstOrDefault() == "help" || args.Contains("--help") || args.Contains("-h"))
    {
        var topic = words.FirstOrDefault() == "help" ? words.Skip(1).ToList() : words;
        Console.WriteLine(help.For(topic) ?? help.Unknown(topic));
        return 0;
    }

    if (words.Count == 0)
    {
        throw new UsageException($"Name the command first, then its options: e.g. phub health --hub {CallFailures.DefaultHub}.");
    }

    if (help.CommandOf(words) is null)
    {
        throw new UsageException(help.For(words) is { } group ? $"Name a command of 'phub {words[0]}':{Environment.NewLine}{group}" : help.Unknown(words));
    }

    if (help.UnknownOption(args, words) is { } unknownOption)
    {
        throw new UsageException(unknownOption);
    }

    return args[0] switch
    {
        "token" => IssueToken(new Arguments(args.Skip(1))),
        "health" => await Connected(new Arguments(args.Skip(1)), (channel, a, _) => HubCommands.Health(channel, a), tokenNeeded: false),
        "services" => await Print(string.Empty, new Arguments(args.Skip(1)), (channel, _, a, headers) => HubCommands.Services(channel, a, headers)),
        "import" => await PartnershipHub.Cli.Import.ImportCommand.Run([.. args.Skip(1)], Console.Out, Console.Error, terminal: !Console.IsErrorRedirected),
        "demo" => await Connected(new Arguments(args.Skip(2)),
            (channel, a, _) => DemoCommands.Demo(channel, CallFailures.HubAddress(a), args[1], a, Console.Out), tokenNeeded: false),
        "children" when args[1] == "list" => await Print(args[1], new Arguments(args.Skip(2)),
            (channel, _, a, headers) => ChildCommands.ListWithNames(new ChildrenService.ChildrenServiceClient(channel), a, headers)),
        "children" => await Call(args[1], new Arguments(args.Skip(2)), Children),
        "mash" => await Call(args[1], new Arguments(args.Skip(2)),
            (channel, verb, a, headers) => MashCommands.Mash(new MashService.MashServiceClient(channel), verb, a, headers)),
        "care" => await Call(args[1], new Arguments(args.Skip(2)),
            (channel, verb, a, headers) => CareCommands.Care(new CareService.CareServiceClient(channel), verb, a, headers)),
        "fostering" => await Call(args[1], new Arguments(args.Skip(2)),
            (channel, verb, a, headers) => FosteringCommands.Fostering(new FosteringService.FosteringServiceClient(channel), verb, a, headers)),
        "adoption" => await Call(args[1], new Arguments(args.Skip(2)),
            (channel, verb, a, headers) => AdoptionCommands.Adoption(new AdoptionService.AdoptionServiceClient(channel), verb, a, headers)),
        "private-fostering" => await Call(args[1], new Arguments(args.Skip(2)),
            (channel, verb, a, headers) => PrivateFosteringCommands.PrivateFostering(new PrivateFosteringService.PrivateFosteringServiceClient(channel), verb, a, headers)),
        "board" => await Print(args[2], new Arguments(args.Skip(3)),
            (channel, verb, a, headers) => BoardCommands.Board(new BoardService.BoardServiceClient(channel), args[1], verb, a, headers)),
        "audit" => await Call(args[1], new Arguments(args.Skip(2)),
            (channel, verb, a, headers) => MashCommands.Audit(new AuditService.AuditServiceClient(channel), verb, a, headers)),
        "admin" => await Call(args[1], new Arguments(args.Skip(2)),
            (channel, verb, a, headers) => MashCommands.Admin(new AdminService.AdminServiceClient(channel), verb, a, headers)),
        "datasets" => await Call(args[1], new Arguments(args.Skip(2)),
            (channel, verb, a, headers) => DatasetCommands.Datasets(new DatasetService.DatasetServiceClient(channel), verb, a, headers)),
        "agreements" => await Call(args[1], new Arguments(args.Skip(2)),
            (channel, verb, a, headers) => MashCommands.Agreements(new PartnershipService.PartnershipServiceClient(channel), verb, a, headers)),
        "sync" => await Connected(new Arguments(args.Skip(2)),
            (channel, a, headers) => SyncCommands.Watch(new SyncService.SyncServiceClient(channel), a, headers)),
        _ => throw new UsageException(help.Unknown(words)),
    };
}
catch (UsageException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine("Run 'phub --help' for every command, or 'phub COMMAND --help' for one.");
    return 2;
}
catch (CallFailedException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
catch (RpcException ex)
{
    Console.Error.WriteLine(RpcErrorText.Describe(ex));
    return 1;
}
catch (IOException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}

static int IssueToken(Arguments a)
{
    var hours = double.TryParse(a.Option("hours", "8"), System.Globalization.CultureInfo.InvariantCulture, out var h) && h > 0
        ? h
        : throw new UsageException("--hours must be a number of hours above 0, e.g. 8.");
    var organisation = LocalTokenIssuer.KnownOrganisation(a.Required("org"));
    var role = LocalTokenIssuer.KnownRole(a.Required("role"));
    var dataFolder = a.Option("data-folder", ".data")!;
    if (!File.Exists(PartnershipHub.Contracts.LocalTokens.LocalSigningKey.PathIn(dataFolder)))
    {
        throw new UsageException($"No hub signing key in {dataFolder}/keys: start the hub once (scripts/run.sh) in this folder, or name its data folder with --data-folder.");
    }

    Console.WriteLine(LocalTokenIssuer.Issue(
        dataFolder, organisation, role, a.Option("user", Environment.UserName)!, TimeSpan.FromHours(hours)));
    return 0;
}

// Makes one authenticated call and prints its answer: a table for a list, JSON otherwise or with --json (nothing for an
// Empty answer: the command printed its own).
static Task<int> Call(string verb, Arguments a, Func<GrpcChannel, string, Arguments, Metadata, Task<IMessage>> call) =>
    Print(verb, a, async (channel, v, args, headers) => await call(channel, v, args, headers) switch
    {
        Google.Protobuf.WellKnownTypes.Empty => string.Empty,
        var answer when !args.Flag("json") && AnswerTables.For(answer) is { } table => table,
        var answer => JsonFormatter.Default.Format(answer),
    });

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

// Runs a command with a channel to the hub (--hub) and the caller's token (--token or PHUB_TOKEN); a hub that does not
// answer, or refuses the token, is explained in words.
static async Task<int> Connected(Arguments a, Func<GrpcChannel, Arguments, Metadata, Task<int>> command, bool tokenNeeded = true)
{
    var hub = CallFailures.HubAddress(a);
    var token = a.Option("token") ?? Environment.GetEnvironmentVariable("PHUB_TOKEN");
    if (tokenNeeded && string.IsNullOrWhiteSpace(token))
    {
        throw new UsageException("A token is needed: --token or PHUB_TOKEN (see 'phub token --help').");
    }

    using var channel = GrpcChannel.ForAddress(hub);
    try
    {
        return await command(channel, a, token is null ? [] : new Metadata { { "authorization", "Bearer " + token.Trim() } });
    }
    catch (RpcException ex) when (CallFailures.Explain(ex, hub, token, a.Option("data-folder", ".data")!) is { } explained)
    {
        throw new CallFailedException(explained);
    }
}

static async Task<IMessage> Children(GrpcChannel channel, string verb, Arguments a, Metadata headers)
{
    var client = new ChildrenService.ChildrenServiceClient(channel);
    return verb switch
    {
        "register" => await client.RegisterChildAsync(ChildCommands.Registration(a), headers),
        "get" => await client.GetChildAsync(ChildCommands.Read(a), headers),
        "link" => await client.LinkCaseIdAsync(ChildCommands.Link(a), headers),
        _ => throw new UsageException($"Unknown children command '{verb}'."),
    };
}
