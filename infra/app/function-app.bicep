// The function app on Flex Consumption, running the published custom handler. Flex takes the language from
// functionAppConfig.runtime (name 'custom' for a custom handler) instead of the FUNCTIONS_WORKER_RUNTIME app setting,
// which it does not accept; host.json's customHandler section names the executable. azd deploys the `dotnet publish`
// output as a zip into the deployment container, from where the platform mounts it.
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsConnectionString string
param instanceMemoryMB int
param maximumInstanceCount int
@description('The app\'s own settings (main.bicep); the host\'s and the app\'s address are added here.')
param appSettings object

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

// The host's own connections, all with the user-assigned identity: its storage (leases, keys, timer schedules) and
// Application Insights without a key.
var hostSettings = {
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

// The app's own public address, which exists only once the site does: calendar providers deliver webhooks to
// {Calendar__PublicBaseUrl}/api/webhooks/…, and they accept only https.
var addressSettings = {
  Calendar__PublicBaseUrl: 'https://${functionApp.properties.defaultHostName}'
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        // The Flex stack list (Microsoft.Web/locations/functionAppStacks, as Az.Functions ships it for FC1) gives the
        // custom handler stack exactly this runtime; the executable itself comes from host.json.
        name: 'custom'
        version: '1.0'
      }
    }
  }
}

// Declared beside the site rather than nested in it, as its address settings read the site's own properties.
resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(hostSettings, addressSettings, appSettings)
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
