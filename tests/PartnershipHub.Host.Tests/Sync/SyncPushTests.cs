using Grpc.Core;
using PartnershipHub.Contracts.Care.V1;
using PartnershipHub.Contracts.Children.V1;
using PartnershipHub.Contracts.Sync.V1;
using PartnershipHub.Contracts.Common.V1;
using PartnershipHub.Host.Tests.Care;
using PartnershipHub.Host.Tests.Children;
using PartnershipHub.Testing;

namespace PartnershipHub.Host.Tests.Sync;

/// <summary>
/// A borough's sync service pushing changes through the streaming call, against the real hub: per-record outcomes,
/// duplicates recognised, corrections and purges, and a client that dies mid-stream and resends ending with exactly
/// the records it sent.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class SyncPushTests(HubFixture fixture)
{
    private HubProcess Hub => fixture.Hub;

    [Fact]
    public async Task Each_record_gets_its_own_outcome_resending_changes_nothing_and_new_versions_and_purges_apply()
    {
        using var channel = Hub.Channel();
        var sync = new SyncService.SyncServiceClient(channel);
        var headers = Hub.As(ChildRequests.Westminster, "borough-sync", "wcc-mosaic");
        var (caseId, childId) = await SyncClient.RegisterChild(new ChildrenService.ChildrenServiceClient(channel), headers);
        var batch = new[]
        {
            SyncClient.Referral(caseId, 1),
            SyncClient.Referral(caseId, 2, source: "99"),
            SyncClient.Referral("WCC-NOBODY", 3),
            SyncClient.Referral(caseId, 4),
        };

        var first = (await SyncClient.Push(sync, headers, [batch])).Single().Outcomes;
        Assert.Equal([ChangeOutcome.Applied, ChangeOutcome.Rejected, ChangeOutcome.Rejected, ChangeOutcome.Applied], first.Select(o => o.Outcome));
        Assert.Equal("care_record.referral.source", first[1].Reasons.Single().Field);
        Assert.Equal("child_case_id", first[2].Reasons.Single().Field);

        var again = (await SyncClient.Push(sync, headers, [batch])).Single().Outcomes;
        Assert.Equal([ChangeOutcome.Duplicate, ChangeOutcome.Rejected, ChangeOutcome.Rejected, ChangeOutcome.Duplicate], again.Select(o => o.Outcome));
        Assert.Equal(first[0].RecordId, again[0].RecordId);

        var corrected = SyncClient.Referral(caseId, 1, version: "v2", source: "2A");
        var purge = new ChangeRecord { SourceId = batch[3].SourceId, Version = "v2", Kind = CareRecordKind.Referral, ChildCaseId = caseId, Purge = true };
        var changes = (await SyncClient.Push(sync, headers, [[corrected, purge], [purge]])).Select(r => r.Outcomes).ToList();
        Assert.Equal([ChangeOutcome.Applied, ChangeOutcome.Applied], changes[0].Select(o => o.Outcome));
        Assert.Equal(ChangeOutcome.Duplicate, changes[1].Single().Outcome);

        var care = new CareService.CareServiceClient(channel);
        var record = await care.GetCareRecordAsync(new GetCareRecordRequest { ChildId = childId, Purpose = AccessPurpose.CaseSync }, headers);
        var referral = Assert.Single(record.Records);
        Assert.Equal("2A", referral.Record.Referral.Source);
        Assert.Equal(2, referral.Version);
    }

    [Fact]
    public async Task A_child_registered_while_the_stream_goes_on_is_found_by_its_later_batches()
    {
        using var channel = Hub.Channel();
        var headers = Hub.As(ChildRequests.Westminster, "borough-sync", "wcc-mosaic");
        var caseId = "WCC-" + Guid.NewGuid().ToString("N")[..10];
        using var call = new SyncService.SyncServiceClient(channel).Push(headers);
        async Task<ChangeOutcome> Send()
        {
            await call.RequestStream.WriteAsync(new PushRequest { Records = { SyncClient.Referral(caseId, 1) } });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            return call.ResponseStream.Current.Outcomes.Single().Outcome;
        }

        Assert.Equal(ChangeOutcome.Rejected, await Send());
        var request = ChildRequests.Child();
        request.Identifiers.BoroughCaseIds.Add(new BoroughCaseId { Borough = ChildRequests.Westminster, CaseId = caseId });
        await new ChildrenService.ChildrenServiceClient(channel).RegisterChildAsync(request, headers);
        Assert.Equal(ChangeOutcome.Applied, await Send());
        await call.RequestStream.CompleteAsync();
    }

    [Fact]
    public async Task A_childs_details_register_the_child_with_the_case_id_and_later_versions_update_names_but_never_identifiers()
    {
        using var channel = Hub.Channel();
        var sync = new SyncService.SyncServiceClient(channel);
        var headers = Hub.As(ChildRequests.Westminster, "borough-sync", "wcc-mosaic");
        var caseId = "WCC-" + Guid.NewGuid().ToString("N")[..10];
        var details = SyncClient.ChildDetails(caseId, "v1", "Robin");

        var first = (await SyncClient.Push(sync, headers, [[SyncClient.Referral(caseId, 1), details]])).Single().Outcomes;
        Assert.Equal([ChangeOutcome.Applied, ChangeOutcome.Applied], first.Select(o => o.Outcome)); // details first, then the referral
        var childId = first[1].RecordId;

        var renamed = SyncClient.ChildDetails(caseId, "v2", "Robyn");
        renamed.Child.NhsNumber = details.Child.NhsNumber;
        var newNhsNumber = SyncClient.ChildDetails(caseId, "v3", "Robyn");
        var later = (await SyncClient.Push(sync, headers, [[details], [renamed], [newNhsNumber]])).Select(r => r.Outcomes.Single()).ToList();
        Assert.Equal([ChangeOutcome.Duplicate, ChangeOutcome.Applied, ChangeOutcome.Rejected], later.Select(o => o.Outcome));
        Assert.Equal("child.nhs_number", later[2].Reasons.Single().Field);

        var child = (await new ChildrenService.ChildrenServiceClient(channel).GetChildAsync(
            new GetChildRequest { ChildId = childId, Purpose = AccessPurpose.CaseSync }, headers)).Child;
        Assert.Equal("Robyn", child.GivenName);
        Assert.Equal(details.Child.NhsNumber, child.Identifiers.NhsNumber);
        Assert.Contains(child.Identifiers.BoroughCaseIds, c => c.CaseId == caseId);
        var care = await new CareService.CareServiceClient(channel).GetCareRecordAsync(new GetCareRecordRequest { ChildId = childId, Purpose = AccessPurpose.CaseSync }, headers);
        Assert.Single(care.Records);

        var invalid = SyncClient.ChildDetails("WCC-" + Guid.NewGuid().ToString("N")[..10], "v1", string.Empty);
        var rejected = (await SyncClient.Push(sync, headers, [[invalid]])).Single().Outcomes.Single();
        Assert.Equal(ChangeOutcome.Rejected, rejected.Outcome);
        Assert.Equal("child.given_name", rejected.Reasons.Single().Field);
    }

    [Fact]
    public async Task A_boroughs_sync_cannot_give_a_child_its_partners_case_ids_and_each_partner_is_told()
    {
        // Case ids are a borough's own namespace (issue 13): Westminster may not take Kensington and Chelsea's or
        // Ealing's, which would later refuse their own sync for their own children. A partner links its own case id
        // instead (LinkCaseId, tested below).
        using var channel = Hub.Channel();
        var westminster = Hub.As(ChildRequests.Westminster, "borough-sync", "wcc-mosaic");
        var request = ChildRequests.Child();
        var (rbkcCase, ealingCase) = ("RBKC-" + Guid.NewGuid().ToString("N")[..10], "EAL-" + Guid.NewGuid().ToString("N")[..10]);
        request.Identifiers.BoroughCaseIds.Add(new BoroughCaseId { Borough = ChildRequests.KensingtonAndChelsea, CaseId = rbkcCase });
        request.Identifiers.BoroughCaseIds.Add(new BoroughCaseId { Borough = "E09000009", CaseId = ealingCase });

        var refused = await RpcAssert.Fails(StatusCode.InvalidArgument, () =>
            new ChildrenService.ChildrenServiceClient(channel).RegisterChildAsync(request, westminster).ResponseAsync);
        Assert.Equal(["identifiers.borough_case_ids[0].borough", "identifiers.borough_case_ids[1].borough"], RpcAssert.Violations(refused).Select(v => v.Field));

        // Nothing was registered: Kensington and Chelsea's sync finds no child with its case id.
        var placement = Placement(rbkcCase);
        var kensington = (await SyncClient.Push(new SyncService.SyncServiceClient(channel), Hub.As(ChildRequests.KensingtonAndChelsea, "borough-sync", "rbkc-lcs"), [[placement]])).Single().Outcomes.Single();
        Assert.Equal(ChangeOutcome.Rejected, kensington.Outcome);
    }

    [Fact]
    public async Task A_partner_sharing_fostering_links_its_own_case_id_then_its_sync_writes_the_placement_and_an_unrelated_borough_cannot_link()
    {
        using var channel = Hub.Channel();
        var children = new ChildrenService.ChildrenServiceClient(channel);
        var sync = new SyncService.SyncServiceClient(channel);
        var westminster = Hub.As(ChildRequests.Westminster, "borough-sync", "wcc-mosaic");
        var childId = (await children.RegisterChildAsync(ChildRequests.Child(), westminster)).Child.ChildId;
        var (rbkcCase, ealingCase) = ("RBKC-" + Guid.NewGuid().ToString("N")[..10], "EAL-" + Guid.NewGuid().ToString("N")[..10]);

        // Westminster gave Kensington and Chelsea the child's hub id; their sync links its own case id to it.
        var rbkc = Hub.As(ChildRequests.KensingtonAndChelsea, "borough-sync", "rbkc-lcs");
        var linked = (await children.LinkCaseIdAsync(new LinkCaseIdRequest { ChildId = childId, CaseId = rbkcCase }, rbkc)).Linked;
        Assert.Equal((ChildRequests.KensingtonAndChelsea, rbkcCase), (linked.Borough, linked.CaseId));

        // Kensington and Chelsea shares fostering with Westminster: it records the placement, not a referral.
        var placement = Placement(rbkcCase);
        var kensington = (await SyncClient.Push(sync, rbkc, [[placement, SyncClient.Referral(rbkcCase, 1)]])).Single().Outcomes;
        Assert.Equal([ChangeOutcome.Applied, ChangeOutcome.Rejected], kensington.Select(o => o.Outcome));
        Assert.Equal("kind", kensington[1].Reasons.Single().Field);
        var care = await new CareService.CareServiceClient(channel).GetCareRecordAsync(new GetCareRecordRequest { ChildId = childId, Purpose = AccessPurpose.CaseSync }, westminster);
        Assert.Equal(CareRecordKind.CareEpisode, Assert.Single(care.Records).Kind);

        // Ealing shares neither fostering nor adoption with Westminster: its link is refused as for a child that does
        // not exist, and its sync finds no child by its case id.
        var ealing = Hub.As("E09000009", "borough-sync", "ealing-lcs");
        var refused = await RpcAssert.Fails(StatusCode.PermissionDenied, () =>
            children.LinkCaseIdAsync(new LinkCaseIdRequest { ChildId = childId, CaseId = ealingCase }, ealing).ResponseAsync);
        var unknown = await RpcAssert.Fails(StatusCode.PermissionDenied, () =>
            children.LinkCaseIdAsync(new LinkCaseIdRequest { ChildId = Guid.NewGuid().ToString("N"), CaseId = ealingCase }, ealing).ResponseAsync);
        Assert.Equal(unknown.Status.Detail, refused.Status.Detail);
        placement.ChildCaseId = ealingCase;
        Assert.Equal(ChangeOutcome.Rejected, (await SyncClient.Push(sync, ealing, [[placement]])).Single().Outcomes.Single().Outcome);

        var trail = await new Contracts.Audit.V1.AuditService.AuditServiceClient(channel).ListChildAccessAsync(
            new Contracts.Audit.V1.ListChildAccessRequest { ChildId = childId }, Hub.As(ChildRequests.Westminster, "mash-practitioner"));
        Assert.Contains(trail.Records, r => r.Organisation == ChildRequests.KensingtonAndChelsea && r.Action == "child.case-id.link" && r.Outcome == "done");
        Assert.Contains(trail.Records, r => r.Organisation == "E09000009" && r.Action == "child.case-id.link" && r.Outcome == "denied");
        var child = (await children.GetChildAsync(new GetChildRequest { ChildId = childId, Purpose = AccessPurpose.CaseSync }, westminster)).Child;
        Assert.Equal([ChildRequests.KensingtonAndChelsea], child.Identifiers.BoroughCaseIds.Where(c => c.Borough != ChildRequests.Westminster).Select(c => c.Borough));
    }

    [Fact]
    public async Task Only_a_sync_service_may_push_and_a_batch_holds_at_most_500_records()
    {
        using var channel = Hub.Channel();
        var sync = new SyncService.SyncServiceClient(channel);
        await RpcAssert.Fails(StatusCode.PermissionDenied, () =>
            SyncClient.Push(sync, Hub.As(ChildRequests.Westminster, "social-worker"), [[SyncClient.Referral("WCC-1", 1)]]));
        var tooMany = Enumerable.Range(0, 501).Select(n => SyncClient.Referral("WCC-1", n));
        await RpcAssert.InvalidField("records", () => SyncClient.Push(sync, Hub.As(ChildRequests.Westminster, "borough-sync"), [tooMany]));
    }

    [Fact]
    public async Task A_client_that_dies_mid_stream_and_resends_what_was_not_acknowledged_ends_with_exactly_the_records_it_sent()
    {
        using var channel = Hub.Channel();
        var sync = new SyncService.SyncServiceClient(channel);
        var headers = Hub.As(ChildRequests.Westminster, "borough-sync", "wcc-mosaic");
        var children = new ChildrenService.ChildrenServiceClient(channel);
        var cases = new List<(string CaseId, string ChildId)>();
        for (var i = 0; i < 4; i++)
        {
            cases.Add(await SyncClient.RegisterChild(children, headers));
        }

        var batches = Enumerable.Range(0, 12)
            .Select(b => cases.SelectMany(c => Enumerable.Range(b * 5, 5).Select(n => SyncClient.Referral(c.CaseId, n))).ToList())
            .ToList();

        // Send every batch without waiting, read three answers, then die: the rest may or may not have been applied.
        var acknowledged = 0;
        using (var dying = new CancellationTokenSource())
        {
            using var call = sync.Push(headers, cancellationToken: dying.Token);
            try
            {
                foreach (var batch in batches)
                {
                    await call.RequestStream.WriteAsync(new PushRequest { Records = { batch } });
                }

                while (acknowledged < 3 && await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                    Assert.All(call.ResponseStream.Current.Outcomes, o => Assert.Equal(ChangeOutcome.Applied, o.Outcome));
                    acknowledged++;
                }
            }
            finally
            {
                await dying.CancelAsync();
            }
        }

        // Restarted, the client resends everything it holds no answer for.
        var resent = await SyncClient.Push(sync, headers, batches.Skip(acknowledged));
        Assert.All(resent.SelectMany(r => r.Outcomes), o => Assert.Contains(o.Outcome, new[] { ChangeOutcome.Applied, ChangeOutcome.Duplicate }));

        var care = new CareService.CareServiceClient(channel);
        foreach (var (caseId, childId) in cases)
        {
            var record = await care.GetCareRecordAsync(new GetCareRecordRequest { ChildId = childId, Purpose = AccessPurpose.CaseSync }, headers);
            var dates = record.Records.Select(r => r.Record.Referral.ReferralDate).ToList();
            Assert.Equal(60, dates.Count);
            Assert.Equal(60, dates.Distinct().Count());
            Assert.All(record.Records, r => Assert.Equal(1, r.Version));
        }
    }

    /// <summary>An episode of care starting on 10 March 2025, sent by a case system for the child with <paramref name="caseId"/>.</summary>
    private static ChangeRecord Placement(string caseId) => new()
    {
        SourceId = "EP-1",
        Version = "v1",
        Kind = CareRecordKind.CareEpisode,
        ChildCaseId = caseId,
        CareRecord = new CareRecordBody { CareEpisode = CareRequests.Episode("2025-03-10") },
    };
}
