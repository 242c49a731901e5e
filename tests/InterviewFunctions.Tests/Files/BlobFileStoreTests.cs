using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using InterviewFunctions.App.AzureStorage;
using InterviewFunctions.App.Files;
using InterviewFunctions.Core.Files;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewFunctions.Tests.Files;

/// <summary>The contract on the Blob REST adapter against Azurite's blob service with SharedKey, and what is particular to the wire.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobFileStoreTests : FileStoreContract, IDisposable
{
    private readonly Azurite _azurite;
    private readonly HttpClient _http = new();
    private readonly StorageConnection _connection;
    private readonly BlobFileStore _store;

    public BlobFileStoreTests(Azurite azurite)
    {
        _azurite = azurite;
        _connection = StorageConnection.Parse(azurite.ConnectionString, StorageService.Blob, "Files:ConnectionString");
        _store = Store(_connection, NewContainer());
    }

    protected override IFileStore Files => _store;

    [Fact]
    public async Task Content_larger_than_a_block_goes_up_in_blocks_and_reads_back_whole()
    {
        var store = Store(_connection, NewContainer(), blockSize: 1000);
        var key = NewKey("transcript.txt");
        var bytes = Enumerable.Range(0, 2500).Select(i => (byte)(i % 253)).ToArray();

        await store.PutAsync(key, new MemoryStream(bytes), "text/plain", default);

        var stored = await store.OpenReadAsync(key, default);
        Assert.NotNull(stored);
        await using (stored.Content)
        {
            Assert.Equal("text/plain", stored.ContentType);
            Assert.Equal(bytes, await ReadAllAsync(stored.Content));
        }
        Assert.Equal([1000, 1000, 500], await CommittedBlockSizesAsync(store.ContainerUri, key));
    }

    [Theory]
    [InlineData(1000, 0)]
    [InlineData(999, 0)]
    [InlineData(2000, 2)]
    [InlineData(1001, 2)]
    public async Task Content_of_at_most_one_block_goes_up_in_one_put_and_more_in_blocks(int size, int blocks)
    {
        var store = Store(_connection, NewContainer(), blockSize: 1000);
        var key = NewKey("edge.bin");
        var bytes = Enumerable.Range(0, size).Select(i => (byte)(i % 7)).ToArray();

        await store.PutAsync(key, new MemoryStream(bytes), "application/octet-stream", default);

        var stored = await store.OpenReadAsync(key, default);
        await using (stored!.Content)
        {
            Assert.Equal(size, stored.Length);
            Assert.Equal(bytes, await ReadAllAsync(stored.Content));
        }
        // A single Put Blob leaves no committed block list behind.
        Assert.Equal(blocks, (await CommittedBlockSizesAsync(store.ContainerUri, key)).Count);
    }

    [Fact]
    public async Task Without_container_creation_a_missing_container_is_reported_and_reads_find_nothing()
    {
        var store = Store(_connection, NewContainer(), createContainer: false);
        var key = NewKey();

        var error = await Assert.ThrowsAsync<StorageServiceException>(() => store.PutAsync(key, new MemoryStream([1]), "application/pdf", default));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Equal("ContainerNotFound", error.ErrorCode);
        Assert.Null(await store.OpenReadAsync(key, default));
        Assert.False(await store.DeleteAsync(key, default));
    }

    [Fact]
    public async Task A_wrong_account_key_fails_with_a_clear_authentication_error_that_does_not_quote_the_key()
    {
        var wrongKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("not-the-account-key-at-all-000000"));
        var store = Store(new StorageConnection(_azurite.BlobEndpoint, "devstoreaccount1", Convert.FromBase64String(wrongKey)), NewContainer());

        var error = await Assert.ThrowsAsync<StorageServiceException>(() => store.PutAsync(NewKey(), new MemoryStream([1]), "application/pdf", default));

        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        // Azure says AuthenticationFailed for a bad signature; Azurite's blob service says AuthorizationFailure.
        Assert.Contains(error.ErrorCode, (string[])["AuthenticationFailed", "AuthorizationFailure"]);
        Assert.Contains("Files:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_storage_means_Azurite_blobs_on_port_10000_and_an_account_string_names_the_public_endpoint()
    {
        var development = StorageConnection.Parse("UseDevelopmentStorage=true", StorageService.Blob, "Files:ConnectionString");
        var account = StorageConnection.Parse("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=a2V5", StorageService.Blob, "Files:ConnectionString");

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), development.ServiceUri);
        Assert.Equal(Convert.FromBase64String(StorageConnection.DevelopmentKey), development.AccountKey);
        Assert.Equal(new Uri("https://acme.blob.core.windows.net"), account.ServiceUri);
    }

    [Theory]
    [InlineData("Up")]
    [InlineData("up")]
    [InlineData("a--b")]
    [InlineData("-uploads")]
    public void A_container_name_Storage_would_refuse_stops_the_app_at_start(string container) =>
        Assert.Throws<InvalidOperationException>(() => Store(_connection, container));

    /// <summary>
    /// Azurite takes Entra tokens only over HTTPS with a certificate; a recording server stands in for the service
    /// here, so this shows the requests the adapter makes with a token, not that Storage accepts them.
    /// </summary>
    [Fact]
    public async Task With_a_service_uri_each_request_carries_an_Entra_bearer_token_for_Storage()
    {
        await using var server = new RecordingHttpServer(r => r.Method switch
        {
            "PUT" => new RecordingHttpServer.Reply(201),
            _ => new RecordingHttpServer.Reply(404, "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>BlobNotFound</Code><Message>none</Message></Error>",
                new Dictionary<string, string> { ["x-ms-error-code"] = "BlobNotFound" }),
        });
        var credential = new RecordingCredential();
        var store = new BlobFileStore(_http, new BearerTokenAuthorization(credential, TimeProvider.System), new Uri(server.BaseUri, "/"), "uploads",
            createContainer: false, TimeProvider.System, NullLogger<BlobFileStore>.Instance);

        await store.PutAsync("acme/resumes/r-1.pdf", new MemoryStream("%PDF-1.7"u8.ToArray()), "application/pdf", default);
        var missing = await store.OpenReadAsync("acme/resumes/r-2.pdf", default);

        Assert.Null(missing);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("Bearer test-token", r.Headers["Authorization"]));
        Assert.Equal([BearerTokenAuthorization.Scope], credential.Scopes.Distinct());
        Assert.All(server.Requests, r => Assert.True(string.CompareOrdinal(r.Headers["x-ms-version"], "2017-11-09") >= 0, "Entra ID needs x-ms-version 2017-11-09 or later."));
        var put = server.Requests.First();
        Assert.Equal(("PUT", "/uploads/acme/resumes/r-1.pdf"), (put.Method, put.PathAndQuery));
        Assert.Equal("BlockBlob", put.Headers["x-ms-blob-type"]);
        Assert.Equal("application/pdf", put.Headers["x-ms-blob-content-type"]);
        Assert.Equal("%PDF-1.7", put.Body);
    }

    [Fact]
    public async Task A_busy_service_is_retried_and_one_that_stays_busy_fails_after_the_last_attempt()
    {
        var attempts = 0;
        await using var server = new RecordingHttpServer(r => r.Method == "GET" && Interlocked.Increment(ref attempts) < 3
            ? new RecordingHttpServer.Reply(503, "", new Dictionary<string, string> { ["Retry-After"] = "0" })
            : r.Method == "GET"
                ? new RecordingHttpServer.Reply(200, "hello", new Dictionary<string, string> { ["Content-Type"] = "text/plain" })
                : new RecordingHttpServer.Reply(500, "", new Dictionary<string, string> { ["Retry-After"] = "0" }));
        var store = Store(new StorageConnection(new Uri(server.BaseUri, "/devstoreaccount1"), "devstoreaccount1", Convert.FromBase64String(StorageConnection.DevelopmentKey)), "uploads", createContainer: false);

        var stored = await store.OpenReadAsync("acme/notes.txt", default);
        await using (stored!.Content)
        {
            Assert.Equal("hello", Encoding.UTF8.GetString(await ReadAllAsync(stored.Content)));
        }
        var error = await Assert.ThrowsAsync<StorageServiceException>(() => store.DeleteAsync("acme/notes.txt", default));

        Assert.Equal(3, server.Requests.Count(r => r.Method == "GET"));
        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
        Assert.Equal(StorageRequests.MaxAttempts, server.Requests.Count(r => r.Method == "DELETE"));
    }

    [Fact]
    public void The_app_uses_the_blob_store_when_configured_and_refuses_a_blob_setting_without_an_endpoint()
    {
        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Files:Provider"] = "blob",
            ["Files:ServiceUri"] = "https://acme.blob.core.windows.net",
            ["Files:Container"] = "resumes",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<Azure.Core.TokenCredential>(new RecordingCredential())
            .AddFiles(configured).BuildServiceProvider();

        var store = Assert.IsType<BlobFileStore>(provider.GetRequiredService<IFileStore>());

        Assert.Equal(new Uri("https://acme.blob.core.windows.net/resumes"), store.ContainerUri);
        var unconfigured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Files:Provider"] = "blob" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddFiles(unconfigured));
        Assert.Contains("Files:ServiceUri", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _http.Dispose();

    private static string NewContainer() => "files-" + Guid.NewGuid().ToString("N")[..20];

    private BlobFileStore Store(StorageConnection connection, string container, bool createContainer = true, int blockSize = BlobFileStore.DefaultBlockSize) =>
        new(_http, new SharedKeyAuthorization(connection.AccountName!, connection.AccountKey!), connection.ServiceUri, container, createContainer,
            TimeProvider.System, NullLogger<BlobFileStore>.Instance, blockSize);

    /// <summary>A raw, signed Get Block List, bypassing the adapter: the sizes of the committed blocks, none for a blob put in one go.</summary>
    private async Task<List<int>> CommittedBlockSizesAsync(Uri container, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{container}/{key}?comp=blocklist&blocklisttype=committed");
        request.Headers.Add("x-ms-version", BlobFileStore.ApiVersion);
        request.Headers.Add("x-ms-date", DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture));
        await new SharedKeyAuthorization(_connection.AccountName!, _connection.AccountKey!).AuthorizeAsync(request, default);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        return list.Element("CommittedBlocks")?.Elements("Block").Select(b => int.Parse(b.Element("Size")!.Value, CultureInfo.InvariantCulture)).ToList() ?? [];
    }
}
