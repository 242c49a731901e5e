// The host's storage (AzureWebJobsStorage, deployment packages), the queues and the uploads container. Shared-key
// access is off: every caller, the host included, authenticates with Entra ID.
param name string
param location string
param tags object
param blobContainerNames array
@description('Queues to create; each gets its "-poison" companion as well.')
param queueNames array

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for containerName in blobContainerNames: {
  parent: blobService
  name: containerName
  properties: { publicAccess: 'None' }
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

// The host would create a poison queue on first use; declaring it makes it visible (and monitorable) from day one.
var allQueueNames = flatten(map(queueNames, queueName => [queueName, '${queueName}-poison']))

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queueName in allQueueNames: {
  parent: queueService
  name: queueName
}]

output name string = account.name
// Without the trailing '/', as the app joins paths onto it.
output blobEndpoint string = substring(account.properties.primaryEndpoints.blob, 0, length(account.properties.primaryEndpoints.blob) - 1)
output queueEndpoint string = substring(account.properties.primaryEndpoints.queue, 0, length(account.properties.primaryEndpoints.queue) - 1)
