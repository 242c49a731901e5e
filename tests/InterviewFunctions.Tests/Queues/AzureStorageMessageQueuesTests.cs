using System.Net;
using System.Text;
using System.Xml.Linq;
using InterviewFunctions.App.AzureStorage;
using InterviewFunctions.App.Queues.AzureStorage;
using InterviewFunctions.Core.Queues;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewFunctions.Tests.Queues;

/// <summary>The contract on the REST adapter against Azurite, with SharedKey, and what is particular to the wire.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageMessageQueuesTests : MessageQueuesContract, IDisposable
{
    private readonly Azurite _azurite;
    private readonly HttpClient _http = new();
    private readonly AzureStorageMessageQueues _queues;

    public AzureStorageMessageQueuesTests(Azurite azurite)
    {
        _azurite = azurite;
        _queues = Adapter(Parse(azurite.ConnectionString));
    }

    protected override IMessageQueues Queues => _queues;

    protected override DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task Message_text_is_stored_Base64_encoded_as_the_Functions_trigger_expects()
    {
        var queue = NewQueue();
        const string text = "{\"interviewId\":\"abc\",\"note\":\"naïve <xml> & such\"}";
        await Queues.SendAsync(queue, text, TimeSpan.Zero, null, default);

        // A raw, signed REST call, bypassing the adapter's decoding.
        var connection = Parse(_azurite.ConnectionString);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_azurite.QueueEndpoint}/{queue}/messages?peekonly=true");
        request.Headers.Add("x-ms-version", AzureStorageMessageQueues.ApiVersion);
        request.Headers.Add("x-ms-date", DateTimeOffset.UtcNow.ToString("r", System.Globalization.CultureInfo.InvariantCulture));
        await new SharedKeyAuthorization(connection.AccountName!, connection.AccountKey!).AuthorizeAsync(request, default);
        using var response = await _http.SendAsync(request);
        var stored = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("QueueMessage")!.Element("MessageText")!.Value;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)), stored);
    }

    [Fact]
    public async Task A_wrong_account_key_fails_with_a_clear_authentication_error()
    {
        var wrongKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("not-the-account-key-at-all-000000"));
        var queues = Adapter(Parse($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={wrongKey};QueueEndpoint={_azurite.QueueEndpoint}"));

        var error = await Assert.ThrowsAsync<QueueServiceException>(() => queues.SendAsync(NewQueue(), "x", TimeSpan.Zero, null, default));

        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Equal("AuthenticationFailed", error.ErrorCode);
        Assert.Contains("account key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_storage_means_Azurite_on_its_default_port_with_path_style_urls()
    {
        var connection = Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), connection.ServiceUri);
        Assert.Equal("devstoreaccount1", connection.AccountName);
        Assert.Equal(Convert.FromBase64String(StorageConnection.DevelopmentKey), connection.AccountKey);
    }

    [Fact]
    public void An_account_connection_string_without_an_endpoint_names_the_public_queue_endpoint()
    {
        var connection = Parse("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=a2V5;EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://acme.queue.core.windows.net"), connection.ServiceUri);
        Assert.Throws<InvalidOperationException>(() => Parse("BlobEndpoint=https://x;SharedAccessSignature=sv=1"));
        Assert.Throws<InvalidOperationException>(() => Parse("AccountName=acme"));
    }

    /// <summary>
    /// Azurite takes Entra tokens only over HTTPS with a certificate; a recording server stands in for the service
    /// here, so this shows the request the adapter makes with a token, not that Storage accepts it.
    /// </summary>
    [Fact]
    public async Task With_a_service_uri_each_request_carries_an_Entra_bearer_token_for_Storage()
    {
        await using var server = new RecordingHttpServer(_ => new RecordingHttpServer.Reply(201, PutMessageAnswer("m-1")));
        var credential = new RecordingCredential();
        var queues = new AzureStorageMessageQueues(_http, new BearerTokenAuthorization(credential, TimeProvider.System), new Uri(server.BaseUri, "/acct"), TimeProvider.System, NullLogger<AzureStorageMessageQueues>.Instance);

        var receipt = await queues.SendAsync("reminders", "hello", TimeSpan.FromSeconds(90), TimeSpan.FromHours(2), default);

        var request = Assert.Single(server.Requests);
        Assert.Equal("m-1", receipt.MessageId);
        Assert.Equal("Bearer test-token", request.Headers["Authorization"]);
        Assert.Equal([BearerTokenAuthorization.Scope], credential.Scopes.Distinct());
        Assert.Equal("POST", request.Method);
        Assert.Equal("/acct/reminders/messages?visibilitytimeout=90&messagettl=7200", request.PathAndQuery);
        Assert.Equal(AzureStorageMessageQueues.ApiVersion, request.Headers["x-ms-version"]);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("hello")), XDocument.Parse(request.Body).Root!.Element("MessageText")!.Value);
    }

    [Fact]
    public async Task A_busy_service_is_retried_after_the_time_it_asks_for_with_a_freshly_signed_request()
    {
        var attempts = 0;
        await using var server = new RecordingHttpServer(_ => Interlocked.Increment(ref attempts) < 3
            ? new RecordingHttpServer.Reply(503, "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>busy</Message></Error>", new Dictionary<string, string> { ["Retry-After"] = "0" })
            : new RecordingHttpServer.Reply(201, PutMessageAnswer("m-2")));
        var queues = Adapter(new StorageConnection(new Uri(server.BaseUri, "/devstoreaccount1"), "devstoreaccount1", Convert.FromBase64String(StorageConnection.DevelopmentKey)));

        var receipt = await queues.SendAsync("reminders", "hello", TimeSpan.Zero, null, default);

        Assert.Equal("m-2", receipt.MessageId);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(3, server.Requests.Select(r => r.Headers["x-ms-client-request-id"]).Distinct().Count());
    }

    [Fact]
    public async Task A_service_that_stays_busy_fails_after_the_last_attempt()
    {
        await using var server = new RecordingHttpServer(_ => new RecordingHttpServer.Reply(500, "", new Dictionary<string, string> { ["Retry-After"] = "0" }));
        var queues = Adapter(new StorageConnection(new Uri(server.BaseUri, "/devstoreaccount1"), "devstoreaccount1", Convert.FromBase64String(StorageConnection.DevelopmentKey)));

        var error = await Assert.ThrowsAsync<QueueServiceException>(() => queues.ReceiveAsync("reminders", 1, TimeSpan.FromSeconds(30), default));

        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
        Assert.Equal(AzureStorageMessageQueues.MaxAttempts, server.Requests.Count);
    }

    public void Dispose() => _http.Dispose();

    private AzureStorageMessageQueues Adapter(StorageConnection connection) =>
        new(_http, new SharedKeyAuthorization(connection.AccountName!, connection.AccountKey!), connection.ServiceUri, TimeProvider.System, NullLogger<AzureStorageMessageQueues>.Instance);

    private static StorageConnection Parse(string connectionString) => StorageConnection.Parse(connectionString, StorageService.Queue, "Queues:ConnectionString");

    private static string PutMessageAnswer(string id)
    {
        var now = DateTimeOffset.UtcNow.ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        return $"<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessagesList><QueueMessage><MessageId>{id}</MessageId><InsertionTime>{now}</InsertionTime><ExpirationTime>{now}</ExpirationTime><PopReceipt>AgAAAA==</PopReceipt><TimeNextVisible>{now}</TimeNextVisible></QueueMessage></QueueMessagesList>";
    }
}
