using System.Net;
using System.Text.Json;
using InterviewFunctions.Core.Calendar.Feeds;
using Microsoft.Azure.Cosmos;

namespace InterviewFunctions.App.Storage.Cosmos;

/// <summary>
/// Calendar feed tokens in their own container, partitioned by tenant like everything else. An anonymous feed request
/// knows only the secret, so finding its token is a query on the hash across partitions; it reads one small document
/// from each physical partition's index, and feed clients poll only every few minutes.
/// </summary>
public sealed class CosmosFeedTokenStore(CosmosContainers containers) : IFeedTokenStore
{
    public async Task CreateAsync(FeedToken token, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        using var response = await containers.FeedTokens.CreateItemStreamAsync(
            CosmosDocuments.Serialize(token), new PartitionKey(token.TenantId), cancellationToken: cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException($"Feed token '{token.Id}' exists already.");
        }
        response.EnsureSuccessStatusCode();
    }

    public async Task<FeedToken?> FindBySecretHashAsync(string secretHash, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.secretHash = @hash AND c.docType = @docType")
            .WithParameter("@hash", secretHash)
            .WithParameter("@docType", FeedToken.DocumentType);
        using var iterator = containers.FeedTokens.GetItemQueryIterator<JsonElement>(query);
        while (iterator.HasMoreResults)
        {
            foreach (var item in await iterator.ReadNextAsync(cancellationToken))
            {
                return item.Deserialize<FeedToken>(StoredJson.Options);
            }
        }
        return null;
    }

    public async Task<IReadOnlyList<FeedToken>> ListAsync(string tenantId, string owner, CancellationToken cancellationToken)
    {
        await containers.EnsureCreatedAsync(cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.tenantId = @tenant AND c.owner = @owner AND c.docType = @docType ORDER BY c.id ASC")
            .WithParameter("@tenant", tenantId)
            .WithParameter("@owner", owner)
            .WithParameter("@docType", FeedToken.DocumentType);
        var items = await CosmosDocuments.ReadAllAsync<JsonElement>(containers.FeedTokens, query, tenantId, cancellationToken);
        return [.. items.Select(i => i.Deserialize<FeedToken>(StoredJson.Options)!)];
    }

    public async Task<bool> RevokeAsync(string tenantId, string owner, string id, CancellationToken cancellationToken)
    {
        if (!CosmosDocuments.IsValidId(id))
        {
            return false;
        }
        await containers.EnsureCreatedAsync(cancellationToken);
        using var read = await containers.FeedTokens.ReadItemStreamAsync(id, new PartitionKey(tenantId), cancellationToken: cancellationToken);
        if (read.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        read.EnsureSuccessStatusCode();
        var token = await JsonSerializer.DeserializeAsync<FeedToken>(read.Content, StoredJson.Options, cancellationToken);
        if (token?.Owner != owner)
        {
            return false;
        }
        using var deleted = await containers.FeedTokens.DeleteItemStreamAsync(id, new PartitionKey(tenantId), cancellationToken: cancellationToken);
        if (deleted.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        deleted.EnsureSuccessStatusCode();
        return true;
    }
}
