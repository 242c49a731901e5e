// Azure OpenAI with key access off: the app calls it with its identity (Cognitive Services OpenAI User). A custom
// subdomain is what makes Entra ID tokens usable against the account.
param name string
param location string
param tags object
param chatModelName string
param chatModelVersion string
param chatDeploymentSku string
param chatDeploymentCapacity int
@description('Empty to deploy no transcription model.')
param transcriptionModelName string
param transcriptionModelVersion string
param transcriptionDeploymentSku string
param transcriptionDeploymentCapacity int

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource chat 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: account
  name: chatModelName
  sku: {
    name: chatDeploymentSku
    capacity: chatDeploymentCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: chatModelName
      version: chatModelVersion
    }
  }
}

// Deployments of one account are made one at a time, hence the dependency on the chat deployment.
resource transcription 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = if (!empty(transcriptionModelName)) {
  parent: account
  name: empty(transcriptionModelName) ? 'none' : transcriptionModelName
  sku: {
    name: transcriptionDeploymentSku
    capacity: transcriptionDeploymentCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: transcriptionModelName
      version: transcriptionModelVersion
    }
  }
  dependsOn: [chat]
}

output name string = account.name
output endpoint string = account.properties.endpoint
// The base the app's OpenAI client is given (AzureOpenAI__Endpoint). The account endpoint is shown as
// https://NAME.openai.azure.com/, but nothing here could confirm that ARM always returns the final '/', so the join
// does not depend on it; the app reaches the same paths with or without the base's own final '/' (AiEndpointTests).
var accountEndpoint = account.properties.endpoint
output v1Endpoint string = endsWith(accountEndpoint, '/') ? '${accountEndpoint}openai/v1/' : '${accountEndpoint}/openai/v1/'
output chatDeploymentName string = chat.name
output transcriptionDeploymentName string = empty(transcriptionModelName) ? '' : transcription.name
