using Azure.Core;
using InterviewFunctions.App.Email;
using InterviewFunctions.App.Email.Acs;
using InterviewFunctions.Core.Email;
using InterviewFunctions.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.Tests.Email;

/// <summary>The Communication Services sender against a fake service on loopback that verifies what it is sent.</summary>
public sealed class AcsSenderTests : IAsyncLifetime
{
    private readonly byte[] _key = Convert.FromBase64String(FakeAcsServer.NewAccessKey());
    private FakeAcsServer _service = null!;

    public async Task InitializeAsync() => _service = await FakeAcsServer.StartAsync(_key);

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private AcsEmailSender Sender(Action<AcsEmailOptions>? configure = null, string? connectionString = null)
    {
        var acs = new AcsEmailOptions
        {
            ConnectionString = connectionString ?? _service.ConnectionString,
            PollInterval = TimeSpan.FromMilliseconds(10),
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxAttempts = 3,
            Timeout = TimeSpan.FromSeconds(20),
        };
        configure?.Invoke(acs);
        return new AcsEmailSender(Options.Create(new EmailOptions { From = "DoNotReply@interviews.acme.test", Acs = acs }), TimeProvider.System, NullLogger<AcsEmailSender>.Instance);
    }

    [Fact]
    public async Task A_signed_send_posts_the_documented_body_and_answers_with_the_operation_id()
    {
        using var sender = Sender();
        var message = EmailSamples.Message();

        var result = await sender.SendAsync(message, "reminder:iv-1:v1:48h", CancellationToken.None);

        Assert.Empty(_service.Rejections);
        var send = _service.Requests[0];
        Assert.Equal("POST", send.Method);
        Assert.Equal("/emails:send?api-version=2023-03-31", send.Target);
        var operationId = EmailIdentity.OperationId(EmailIdentity.Hash("acme", "reminder:iv-1:v1:48h")).ToString();
        Assert.Equal(operationId, send.Header("operation-id"));
        Assert.Equal(new EmailSendResult("acs", operationId, result.SentAt), result);
        Assert.Equal("application/json", send.Header("content-type"));

        var body = send.Json;
        Assert.Equal("DoNotReply@interviews.acme.test", (string)body["senderAddress"]!);
        Assert.Equal(["ada@example.com", "zoe@example.com"], body["recipients"]!["to"]!.AsArray().Select(a => (string)a!["address"]!));
        Assert.Equal("Zoë Müller-Lüdenscheidt, PhD", (string)body["recipients"]!["to"]![1]!["displayName"]!);
        Assert.Equal("bob@acme.test", (string)body["recipients"]!["cc"]![0]!["address"]!);
        Assert.Equal(message.Subject, (string)body["content"]!["subject"]!);
        Assert.Equal(message.PlainText, (string)body["content"]!["plainText"]!);
        Assert.Equal(message.Html, (string)body["content"]!["html"]!);
        var attachments = body["attachments"]!.AsArray();
        Assert.Equal(["invite.ics", "notes.bin"], attachments.Select(a => (string)a!["name"]!));
        Assert.Equal(["text/calendar", "application/octet-stream"], attachments.Select(a => (string)a!["contentType"]!));
        Assert.Equal(EmailSamples.Invitation, Convert.FromBase64String((string)attachments[0]!["contentInBase64"]!));
        Assert.Equal(EmailSamples.Binary, Convert.FromBase64String((string)attachments[1]!["contentInBase64"]!));
        Assert.Equal("recruiting@acme.test", (string)body["replyTo"]![0]!["address"]!);
        Assert.Equal("reminder", (string)body["headers"]!["X-Interview-Functions-Kind"]!);
        Assert.Equal("iv-1", (string)body["headers"]!["X-Interview-Functions-Interview-Id"]!);

        var poll = Assert.Single(_service.Requests, r => r.Method == "GET");
        Assert.Equal($"/emails/operations/{operationId}?api-version=2023-03-31", poll.Target);
        Assert.All(_service.Requests, r => Assert.StartsWith("HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=", r.Header("authorization"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_key_names_the_same_operation_and_another_key_another()
    {
        using var sender = Sender();

        await sender.SendAsync(EmailSamples.Message(), "k1", CancellationToken.None);
        await sender.SendAsync(EmailSamples.Message(), "k1", CancellationToken.None);
        await sender.SendAsync(EmailSamples.Message(), "k2", CancellationToken.None);

        var ids = _service.Requests.Where(r => r.Method == "POST").Select(r => r.Header("operation-id")!).ToList();
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
        Assert.All(ids, id => Assert.Equal('8', Guid.Parse(id).ToString()[14]));
    }

    [Fact]
    public async Task A_wrong_access_key_is_refused_by_the_service_and_reported_as_permanent()
    {
        using var sender = Sender(connectionString: $"endpoint={_service.Endpoint};accesskey={FakeAcsServer.NewAccessKey()}");

        var error = await Assert.ThrowsAsync<EmailSendException>(() => sender.SendAsync(EmailSamples.Message(), "k", CancellationToken.None));

        Assert.False(error.Transient);
        Assert.Contains("Denied by the resource provider.", error.Message, StringComparison.Ordinal);
        Assert.Equal(["the signature does not match"], _service.Rejections);
        Assert.Single(_service.Requests);
    }

    [Fact]
    public async Task Throttling_waits_as_long_as_Retry_After_says_and_resends_the_same_operation()
    {
        _service.SendAnswers.Enqueue(new AcsAnswer(429, """{"error":{"code":"TooManyRequests","message":"Slow down"}}""", new Dictionary<string, string> { ["Retry-After"] = "1" }));
        using var sender = Sender();

        var result = await sender.SendAsync(EmailSamples.Message(), "k", CancellationToken.None);

        var posts = _service.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].Header("operation-id"), posts[1].Header("operation-id"));
        Assert.Equal(posts[0].Body, posts[1].Body);
        Assert.True(posts[1].ReceivedAt - posts[0].ReceivedAt >= TimeSpan.FromMilliseconds(950), $"Retried after {posts[1].ReceivedAt - posts[0].ReceivedAt}");
        Assert.Equal(posts[1].Header("operation-id"), result.MessageId);
        Assert.Empty(_service.Rejections);
    }

    [Fact]
    public async Task Server_errors_are_retried_up_to_MaxAttempts_then_reported_as_transient()
    {
        for (var i = 0; i < 5; i++)
        {
            _service.SendAnswers.Enqueue(new AcsAnswer(500, """{"error":{"code":"InternalServerError","message":"Something broke"}}"""));
        }
        using var sender = Sender(o => o.MaxAttempts = 3);

        var error = await Assert.ThrowsAsync<EmailSendException>(() => sender.SendAsync(EmailSamples.Message(), "k", CancellationToken.None));

        Assert.True(error.Transient);
        Assert.Contains("Something broke", error.Message, StringComparison.Ordinal);
        var posts = _service.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(3, posts.Count);
        Assert.Single(posts.Select(p => p.Header("operation-id")).Distinct());
        Assert.True(posts[2].ReceivedAt - posts[1].ReceivedAt >= TimeSpan.FromMilliseconds(19), "The second back-off doubles the first.");
    }

    [Fact]
    public async Task A_rejected_request_is_permanent_with_the_service_message_and_not_retried()
    {
        _service.SendAnswers.Enqueue(new AcsAnswer(400, """{"error":{"code":"InvalidSenderDomain","message":"The sender domain is not linked."}}"""));
        using var sender = Sender();

        var error = await Assert.ThrowsAsync<EmailSendException>(() => sender.SendAsync(EmailSamples.Message(), "k", CancellationToken.None));

        Assert.False(error.Transient);
        Assert.Contains("InvalidSenderDomain: The sender domain is not linked.", error.Message, StringComparison.Ordinal);
        Assert.Single(_service.Requests);
    }

    [Fact]
    public async Task A_failed_operation_is_permanent_with_its_error()
    {
        _service.OperationStatus = _ => "Failed";
        using var sender = Sender();

        var error = await Assert.ThrowsAsync<EmailSendException>(() => sender.SendAsync(EmailSamples.Message(), "k", CancellationToken.None));

        Assert.False(error.Transient);
        Assert.Contains("Message was dropped because all recipients were suppressed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_operation_is_polled_as_the_service_asks_until_it_succeeds()
    {
        _service.OperationStatus = n => n < 4 ? "Running" : "Succeeded";
        _service.RetryAfterMilliseconds = 30;
        using var sender = Sender(o => o.PollInterval = TimeSpan.FromMinutes(5));

        var result = await sender.SendAsync(EmailSamples.Message(), "k", CancellationToken.None);

        var polls = _service.Requests.Where(r => r.Method == "GET").ToList();
        Assert.Equal(4, polls.Count);
        Assert.All(polls.Zip(polls.Skip(1)), p => Assert.True(p.Second.ReceivedAt - p.First.ReceivedAt >= TimeSpan.FromMilliseconds(25)));
        Assert.False(result.Duplicate);
        Assert.Empty(_service.Rejections);
    }

    [Fact]
    public async Task An_operation_that_never_finishes_is_transient_after_the_timeout()
    {
        _service.OperationStatus = _ => "Running";
        using var sender = Sender(o => o.Timeout = TimeSpan.FromMilliseconds(1500));

        var error = await Assert.ThrowsAsync<EmailSendException>(() => sender.SendAsync(EmailSamples.Message(), "k", CancellationToken.None));

        // Where the time runs out (the send or a poll) depends on the machine's load; either way the send is given up
        // as transient, and a retry names the same operation.
        Assert.True(error.Transient);
        Assert.Contains("within 00:00:01.5", error.Message, StringComparison.Ordinal);
        Assert.Contains("same operation id", error.Message, StringComparison.Ordinal);
        Assert.Contains(_service.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task With_only_an_endpoint_the_app_sends_with_an_Entra_ID_token_for_the_communication_scope()
    {
        await using var service = await FakeAcsServer.StartAsync(bearerToken: "test-token");
        var credential = new RecordingCredential();
        using var app = new TestApp(new Dictionary<string, string?>
        {
            ["Email:Provider"] = "acs",
            ["Email:From"] = "DoNotReply@interviews.acme.test",
            ["Email:Acs:Endpoint"] = service.Endpoint.ToString(),
            ["Email:Acs:PollInterval"] = "00:00:00",
        });
        using var withCredential = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TokenCredential>(credential)));

        var sender = withCredential.Services.GetRequiredService<IEmailSender>();
        var result = await sender.SendAsync(EmailSamples.Message(), "k", CancellationToken.None);

        Assert.Equal("acs", result.Sender);
        Assert.Empty(service.Rejections);
        Assert.All(service.Requests, r => Assert.Equal("Bearer test-token", r.Header("authorization")));
        Assert.Contains("https://communication.azure.com/.default", credential.Scopes);
        Assert.DoesNotContain(credential.Scopes, s => s != "https://communication.azure.com/.default");
    }
}
