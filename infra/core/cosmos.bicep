// Cosmos DB, serverless, keys off: the app and the deploying user reach it through the built-in data-plane role.
// Every container is partitioned by /tenantId, the tenant every document carries. The names are the defaults of
// CosmosOptions (Cosmos__*Container), which the app uses unless told otherwise.
param accountName string
param location string
param tags object
param databaseName string = 'interviewfunctions'
@description('Principals given Cosmos DB Built-in Data Contributor on the account.')
param dataContributorPrincipalIds array

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    capabilities: [{ name: 'EnableServerless' }]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    locations: [{ locationName: location, failoverPriority: 0, isZoneRedundant: false }]
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: { id: databaseName }
  }
}

// Everything indexed (the lists filter and sort on several properties); nextDispatchAt named so that the reminder
// finder's range query and ORDER BY (WHERE c.nextDispatchAt <= @horizon ORDER BY c.nextDispatchAt) stay indexed
// even if the catch-all is narrowed later; the composite index serves the listing's ORDER BY scheduledStart, id.
var interviewsIndexing = {
  indexingMode: 'consistent'
  automatic: true
  includedPaths: [
    { path: '/nextDispatchAt/?' }
    { path: '/*' }
  ]
  excludedPaths: [
    { path: '/"_etag"/?' }
  ]
  compositeIndexes: [
    [
      { path: '/scheduledStart', order: 'ascending' }
      { path: '/id', order: 'ascending' }
    ]
  ]
}

// Everything indexed; the composite index serves a job's ranking, ORDER BY rankScore DESC, id ASC.
var screeningsIndexing = {
  indexingMode: 'consistent'
  automatic: true
  includedPaths: [{ path: '/*' }]
  excludedPaths: [{ path: '/"_etag"/?' }]
  compositeIndexes: [
    [
      { path: '/rankScore', order: 'descending' }
      { path: '/id', order: 'ascending' }
    ]
  ]
}

var defaultIndexing = {
  indexingMode: 'consistent'
  automatic: true
  includedPaths: [{ path: '/*' }]
  excludedPaths: [{ path: '/"_etag"/?' }]
}

var containers = [
  { name: 'interviews', indexingPolicy: interviewsIndexing, uniqueKeys: [], defaultTtl: null }
  // Idempotency-Key claims expire by themselves after two days (the store checks their age as well).
  { name: 'idempotency', indexingPolicy: defaultIndexing, uniqueKeys: [], defaultTtl: 172800 }
  { name: 'stories', indexingPolicy: defaultIndexing, uniqueKeys: [], defaultTtl: null }
  { name: 'jobs', indexingPolicy: defaultIndexing, uniqueKeys: [], defaultTtl: null }
  // One profile per email within a tenant (unique keys hold per logical partition); settable only at creation.
  { name: 'candidates', indexingPolicy: defaultIndexing, uniqueKeys: [{ paths: ['/email'] }], defaultTtl: null }
  { name: 'mockinterviews', indexingPolicy: defaultIndexing, uniqueKeys: [], defaultTtl: null }
  { name: 'resumes', indexingPolicy: defaultIndexing, uniqueKeys: [], defaultTtl: null }
  { name: 'screenings', indexingPolicy: screeningsIndexing, uniqueKeys: [], defaultTtl: null }
  { name: 'evaluations', indexingPolicy: defaultIndexing, uniqueKeys: [], defaultTtl: null }
  { name: 'feedtokens', indexingPolicy: defaultIndexing, uniqueKeys: [], defaultTtl: null }
  // TTL on without a default (-1): connections and event links stay, while each webhook delivery in the log carries
  // its own ttl of 30 days (CosmosCalendarStore), which Cosmos DB ignores when the container has no defaultTtl.
  { name: 'calendar', indexingPolicy: defaultIndexing, uniqueKeys: [], defaultTtl: -1 }
]

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [for container in containers: {
  parent: database
  name: container.name
  properties: {
    resource: {
      id: container.name
      partitionKey: {
        paths: ['/tenantId']
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: container.indexingPolicy
      uniqueKeyPolicy: { uniqueKeys: container.uniqueKeys }
      defaultTtl: container.defaultTtl
    }
  }
}]

// Cosmos DB Built-in Data Contributor: read and write items, run queries; no control-plane rights.
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource dataContributors 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [for principalId in dataContributorPrincipalIds: {
  parent: account
  name: guid(account.id, principalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: principalId
    scope: account.id
  }
}]

output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
