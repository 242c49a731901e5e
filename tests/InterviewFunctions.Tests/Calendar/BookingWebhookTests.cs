using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using InterviewFunctions.Tests.Reminders;
using InterviewFunctions.Tests.Support;

namespace InterviewFunctions.Tests.Calendar;

/// <summary>Cal.com and Calendly deliveries through the real app: signature checks, the queue, and the interviews that follow.</summary>
public sealed class BookingWebhookTests : IDisposable
{
    private const string CalcomSecret = "whsec_calcom_0123456789";
    private const string CalendlyKey = "calendly-signing-key-0123456789";

    private readonly TestApp _app = new();
    private readonly HttpClient _admin;
    private readonly HttpClient _provider;

    public BookingWebhookTests()
    {
        _admin = _app.ClientFor(TestApp.AcmeAdmin);
        _provider = _app.CreateClient();
    }

    public void Dispose()
    {
        _admin.Dispose();
        _provider.Dispose();
        _app.Dispose();
    }

    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "InterviewFunctions.Tests", "Calendar", "Fixtures", name));

    public static string Hmac(string key, byte[] data) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), data));

    private async Task<string> ConnectAsync(string provider, string secret)
    {
        var body = CalendarConnectionsApiTests.CalcomConnectionBody(secret);
        body["provider"] = provider;
        using var response = await _admin.PostJsonAsync("/api/calendar/connections", body);
        await response.ExpectAsync(HttpStatusCode.Created);
        return (string)(await response.JsonAsync())["id"]!;
    }

    private Task<HttpResponseMessage> PostCalcomAsync(string connection, byte[] body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/calcom?connection={connection}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Cal-Signature-256", signature);
        }
        return _provider.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostCalendlyAsync(string connection, byte[] body, string? header)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webhooks/calendly?connection={connection}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("Calendly-Webhook-Signature", header);
        }
        return _provider.SendAsync(request);
    }

    private string CalendlyHeader(byte[] body, DateTimeOffset? at = null, string key = CalendlyKey)
    {
        var t = (at ?? _app.Clock.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Hmac(key, [.. Encoding.ASCII.GetBytes(t + "."), .. body])}";
    }

    private Task<JsonArray> InterviewsAsync() => _admin.ListItemsAsync("/api/interviews?pageSize=200");

    private Task<JsonArray> InterviewsUntilAsync(Func<JsonArray, bool> done, string what) => ReminderTestKit.UntilAsync(InterviewsAsync, done, what);

    private async Task<JsonArray> DeliveriesAsync(string connection)
    {
        using var response = await _admin.GetAsync($"/api/calendar/connections/{connection}/deliveries");
        await response.ExpectAsync(HttpStatusCode.OK);
        return (await response.JsonAsync())["items"]!.AsArray();
    }

    [Fact]
    public async Task A_signed_calcom_booking_is_acknowledged_and_becomes_an_interview()
    {
        var connection = await ConnectAsync("calcom", CalcomSecret);
        var body = Fixture("calcom-booking-created.json");

        using var response = await PostCalcomAsync(connection, body, Hmac(CalcomSecret, body));

        await response.ExpectAsync(HttpStatusCode.Accepted);
        var interviews = await InterviewsUntilAsync(i => i.Count == 1, "the booking's interview");
        var interview = interviews[0]!;
        Assert.Equal("technical", (string)interview["type"]!);
        Assert.Equal(TestApp.AdaEmail, (string)interview["candidate"]!["email"]!);
        Assert.Equal("Europe/Berlin", (string)interview["timeZone"]!);
        Assert.Equal("https://app.cal.com/video/bFJeNb2uX8ANpT3JL5EfXw", (string)interview["meetingLink"]!);
        Assert.Equal(TestApp.BobEmail, (string)interview["interviewers"]![0]!["email"]!);
        var log = await ReminderTestKit.UntilAsync(() => DeliveriesAsync(connection), d => d.Count == 2, "the delivery and its outcome in the log");
        // Both happen at the same instant of the test's clock: compare without order.
        Assert.Equal(["BOOKING_CREATED:accepted", "applied:created"], log.Select(d => $"{d!["kind"]}:{d["outcome"]}").Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-secret-provided")]
    [InlineData("not-hex")]
    [InlineData("sha256=0000")]
    public async Task A_calcom_delivery_without_a_valid_signature_is_refused_and_changes_nothing(string? signature)
    {
        var connection = await ConnectAsync("calcom", CalcomSecret);
        var body = Fixture("calcom-booking-created.json");

        using var response = await PostCalcomAsync(connection, body, signature);

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(CalcomSecret, problem.ToJsonString(), StringComparison.Ordinal);
        var log = await DeliveriesAsync(connection);
        Assert.Equal("rejected", (string)log.Single()!["outcome"]!);
        Assert.Empty(await InterviewsAsync());
    }

    [Fact]
    public async Task A_signature_over_other_bytes_or_with_another_secret_is_refused()
    {
        var connection = await ConnectAsync("calcom", CalcomSecret);
        var body = Fixture("calcom-booking-created.json");
        // The same JSON, re-serialised: equal in meaning, different in bytes. Signatures are over the bytes.
        var reserialised = Encoding.UTF8.GetBytes(JsonNode.Parse(body)!.ToJsonString());

        using var otherBytes = await PostCalcomAsync(connection, reserialised, Hmac(CalcomSecret, body));
        using var otherSecret = await PostCalcomAsync(connection, body, Hmac("whsec_someone_else_012345", body));
        using var noConnection = await PostCalcomAsync("", body, Hmac(CalcomSecret, body));
        using var unknownConnection = await PostCalcomAsync("0123456789abcdef", body, Hmac(CalcomSecret, body));

        await otherBytes.ProblemAsync(HttpStatusCode.Unauthorized);
        await otherSecret.ProblemAsync(HttpStatusCode.Unauthorized);
        await noConnection.ProblemAsync(HttpStatusCode.Unauthorized);
        await unknownConnection.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(await InterviewsAsync());
    }

    [Fact]
    public async Task A_calcom_connection_cannot_be_reached_through_the_calendly_endpoint()
    {
        var connection = await ConnectAsync("calcom", CalcomSecret);
        var body = Fixture("calendly-invitee-created.json");

        using var response = await PostCalendlyAsync(connection, body, CalendlyHeader(body, key: CalcomSecret));

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Duplicate_calcom_deliveries_make_one_interview_and_a_reschedule_moves_it()
    {
        var connection = await ConnectAsync("calcom", CalcomSecret);
        var created = Fixture("calcom-booking-created.json");
        for (var i = 0; i < 3; i++)
        {
            using var response = await PostCalcomAsync(connection, created, Hmac(CalcomSecret, created));
            await response.ExpectAsync(HttpStatusCode.Accepted);
        }
        var log = await ReminderTestKit.UntilAsync(() => DeliveriesAsync(connection), d => d.Count(x => (string)x!["kind"]! == "applied") == 3, "three applied outcomes");
        Assert.Equal(["created", "duplicate", "duplicate"], log.Where(d => (string)d!["kind"]! == "applied").Select(d => (string)d!["outcome"]!).Order());
        var id = (string)(await InterviewsAsync()).Single()!["id"]!;

        var rescheduled = Fixture("calcom-booking-rescheduled.json");
        using (var response = await PostCalcomAsync(connection, rescheduled, Hmac(CalcomSecret, rescheduled)))
        {
            await response.ExpectAsync(HttpStatusCode.Accepted);
        }

        var moved = await InterviewsUntilAsync(i => i.Count == 1 && (string)i[0]!["status"]! == "rescheduled", "the reschedule to apply");
        Assert.Equal(id, (string)moved[0]!["id"]!);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 14, 30, 0, TimeSpan.Zero), DateTimeOffset.Parse((string)moved[0]!["scheduledStart"]!, CultureInfo.InvariantCulture));
        var plan = await _admin.PlanAsync(id);
        Assert.Equal(2, (int)plan["scheduleVersion"]!);
        Assert.Contains(plan["items"]!.AsArray(), item => (string)item!["kind"]! == "reminder" && (int)item["scheduleVersion"]! == 2);
    }

    [Fact]
    public async Task A_calcom_cancellation_cancels_after_the_pairing_window()
    {
        var connection = await ConnectAsync("calcom", CalcomSecret);
        var created = Fixture("calcom-booking-created.json");
        var cancelled = Fixture("calcom-booking-cancelled.json");
        using (var response = await PostCalcomAsync(connection, created, Hmac(CalcomSecret, created)))
        {
            await response.ExpectAsync(HttpStatusCode.Accepted);
        }
        await InterviewsUntilAsync(i => i.Count == 1, "the booking's interview");
        using (var response = await PostCalcomAsync(connection, cancelled, Hmac(CalcomSecret, cancelled)))
        {
            await response.ExpectAsync(HttpStatusCode.Accepted);
        }
        await ReminderTestKit.UntilAsync(() => DeliveriesAsync(connection), d => d.Any(x => (string)x!["outcome"]! == "cancel_held"), "the cancellation to be held");
        Assert.Equal("scheduled", (string)(await InterviewsAsync())[0]!["status"]!);

        _app.Clock.Advance(TimeSpan.FromMinutes(10));

        await InterviewsUntilAsync(i => (string)i[0]!["status"]! == "cancelled", "the cancellation after the window");
    }

    [Fact]
    public async Task A_calcom_ping_is_acknowledged_and_ignored()
    {
        var connection = await ConnectAsync("calcom", CalcomSecret);
        var ping = Fixture("calcom-ping.json");

        using var response = await PostCalcomAsync(connection, ping, Hmac(CalcomSecret, ping));

        await response.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal("PING:ignored", (await DeliveriesAsync(connection)).Select(d => $"{d!["kind"]}:{d["outcome"]}").Single());
    }

    [Fact]
    public async Task A_signed_but_unreadable_body_is_a_bad_request()
    {
        var connection = await ConnectAsync("calcom", CalcomSecret);
        var body = "{\"triggerEvent\":\"BOOKING_CREATED\",\"payload\":{\"uid\":\"x\"}}"u8.ToArray();

        using var response = await PostCalcomAsync(connection, body, Hmac(CalcomSecret, body));

        await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty(await InterviewsAsync());
    }

    [Fact]
    public async Task A_signed_calendly_booking_becomes_an_interview_and_a_calendly_reschedule_stays_one_interview()
    {
        var connection = await ConnectAsync("calendly", CalendlyKey);
        var created = Fixture("calendly-invitee-created.json");
        using (var response = await PostCalendlyAsync(connection, created, CalendlyHeader(created)))
        {
            await response.ExpectAsync(HttpStatusCode.Accepted);
        }
        var first = (await InterviewsUntilAsync(i => i.Count == 1, "the booking's interview"))[0]!;
        Assert.Equal("phone_screen", (string)first["type"]!);
        Assert.Equal(TestApp.AdaEmail, (string)first["candidate"]!["email"]!);
        Assert.Equal("America/New_York", (string)first["timeZone"]!);
        Assert.Equal("https://meet.google.com/abc-defg-hij", (string)first["meetingLink"]!);
        Assert.Equal(30, (int)first["durationMinutes"]!);

        // Calendly reports a reschedule as a cancellation (rescheduled: true) and a new booking naming the old one.
        var cancel = Fixture("calendly-invitee-canceled-rescheduled.json");
        var rebooked = Fixture("calendly-invitee-created-rescheduled.json");
        using (var response = await PostCalendlyAsync(connection, cancel, CalendlyHeader(cancel)))
        {
            await response.ExpectAsync(HttpStatusCode.Accepted);
        }
        _app.Clock.Advance(TimeSpan.FromSeconds(2));
        using (var response = await PostCalendlyAsync(connection, rebooked, CalendlyHeader(rebooked)))
        {
            await response.ExpectAsync(HttpStatusCode.Accepted);
        }

        var after = await InterviewsUntilAsync(i => i.Count == 1 && (string)i[0]!["status"]! == "rescheduled", "one rescheduled interview");
        Assert.Equal((string)first["id"]!, (string)after[0]!["id"]!);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 16, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse((string)after[0]!["scheduledStart"]!, CultureInfo.InvariantCulture));
        // When the held cancellation's time comes, it finds the booking taken over and cancels nothing. Which record it
        // leaves depends on the order the two deliveries were handled in (both arrive in one batch); either way it comes
        // after the window and the interview stays rescheduled.
        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        var windowEnded = _app.Clock.GetUtcNow();
        await ReminderTestKit.UntilAsync(() => DeliveriesAsync(connection), d => d.Any(x =>
            (string)x!["kind"]! is "cancel-confirmed" or "applied"
            && DateTimeOffset.Parse((string)x["receivedAt"]!, CultureInfo.InvariantCulture) >= windowEnded), "the held cancellation's message");
        Assert.Equal("rescheduled", (string)(await InterviewsAsync())[0]!["status"]!);
    }

    [Fact]
    public async Task A_calendly_delivery_outside_the_tolerance_is_a_replay()
    {
        var connection = await ConnectAsync("calendly", CalendlyKey);
        var body = Fixture("calendly-invitee-created.json");
        var signedEarlier = CalendlyHeader(body, _app.Clock.GetUtcNow().AddMinutes(-4));
        var signedAhead = CalendlyHeader(body, _app.Clock.GetUtcNow().AddMinutes(4));
        var signedJustNow = CalendlyHeader(body, _app.Clock.GetUtcNow().AddMinutes(-2));

        using var replay = await PostCalendlyAsync(connection, body, signedEarlier);
        using var ahead = await PostCalendlyAsync(connection, body, signedAhead);
        var problem = await replay.ProblemAsync(HttpStatusCode.Unauthorized);
        await ahead.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("tolerance", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Empty(await InterviewsAsync());

        using var fresh = await PostCalendlyAsync(connection, body, signedJustNow);
        await fresh.ExpectAsync(HttpStatusCode.Accepted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("t=1,v1=zz")]
    [InlineData("v1=00")]
    [InlineData("garbage")]
    public async Task A_calendly_delivery_with_a_missing_or_malformed_signature_is_refused(string? header)
    {
        var connection = await ConnectAsync("calendly", CalendlyKey);
        var body = Fixture("calendly-invitee-created.json");

        using var response = await PostCalendlyAsync(connection, body, header);

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(await InterviewsAsync());
    }

    [Fact]
    public async Task A_calendly_signature_made_with_another_key_is_refused()
    {
        var connection = await ConnectAsync("calendly", CalendlyKey);
        var body = Fixture("calendly-invitee-created.json");

        using var response = await PostCalendlyAsync(connection, body, CalendlyHeader(body, key: "another-signing-key-000000"));

        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
