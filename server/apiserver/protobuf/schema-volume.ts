// Volumes (k8s.io/api/core/v1/generated.proto): the sources a lab uses (hostPath, emptyDir, configMap, secret,
// persistentVolumeClaim, downwardAPI, projected, nfs). The cloud and plugin sources are skipped as unknown fields.
import type { SchemaTable } from './schema-types.js';

export const VOLUME_SCHEMA = {
  Volume: { 1: ['name', 'string', 'keep-zero'], 2: ['volumeSource', 'message:VolumeSource', 'inline'] },
  VolumeSource: {
    1: ['hostPath', 'message:HostPathVolumeSource'],
    2: ['emptyDir', 'message:EmptyDirVolumeSource'],
    6: ['secret', 'message:SecretVolumeSource'],
    7: ['nfs', 'message:NFSVolumeSource'],
    10: ['persistentVolumeClaim', 'message:PersistentVolumeClaimVolumeSource'],
    16: ['downwardAPI', 'message:DownwardAPIVolumeSource'],
    19: ['configMap', 'message:ConfigMapVolumeSource'],
    26: ['projected', 'message:ProjectedVolumeSource'],
  },
  HostPathVolumeSource: { 1: ['path', 'string', 'keep-zero'], 2: ['type', 'string', 'keep-zero'] },
  EmptyDirVolumeSource: { 1: ['medium', 'string'], 2: ['sizeLimit', 'quantity'] },
  SecretVolumeSource: {
    1: ['secretName', 'string'],
    2: ['items', 'message:KeyToPath', 'repeated'],
    3: ['defaultMode', 'int32', 'keep-zero'],
    4: ['optional', 'bool', 'keep-zero'],
  },
  NFSVolumeSource: {
    1: ['server', 'string', 'keep-zero'],
    2: ['path', 'string', 'keep-zero'],
    3: ['readOnly', 'bool'],
  },
  PersistentVolumeClaimVolumeSource: { 1: ['claimName', 'string', 'keep-zero'], 2: ['readOnly', 'bool'] },
  DownwardAPIVolumeSource: {
    1: ['items', 'message:DownwardAPIVolumeFile', 'repeated'],
    2: ['defaultMode', 'int32', 'keep-zero'],
  },
  DownwardAPIVolumeFile: {
    1: ['path', 'string', 'keep-zero'],
    2: ['fieldRef', 'message:ObjectFieldSelector'],
    3: ['resourceFieldRef', 'message:ResourceFieldSelector'],
    4: ['mode', 'int32', 'keep-zero'],
  },
  ConfigMapVolumeSource: {
    1: ['localObjectReference', 'message:LocalObjectReference', 'inline'],
    2: ['items', 'message:KeyToPath', 'repeated'],
    3: ['defaultMode', 'int32', 'keep-zero'],
    4: ['optional', 'bool', 'keep-zero'],
  },
  KeyToPath: {
    1: ['key', 'string', 'keep-zero'],
    2: ['path', 'string', 'keep-zero'],
    3: ['mode', 'int32', 'keep-zero'],
  },
  ProjectedVolumeSource: {
    1: ['sources', 'message:VolumeProjection', 'repeated'],
    2: ['defaultMode', 'int32', 'keep-zero'],
  },
  VolumeProjection: {
    1: ['secret', 'message:SecretProjection'],
    2: ['downwardAPI', 'message:DownwardAPIProjection'],
    3: ['configMap', 'message:ConfigMapProjection'],
    4: ['serviceAccountToken', 'message:ServiceAccountTokenProjection'],
  },
  SecretProjection: {
    1: ['localObjectReference', 'message:LocalObjectReference', 'inline'],
    2: ['items', 'message:KeyToPath', 'repeated'],
    4: ['optional', 'bool', 'keep-zero'],
  },
  DownwardAPIProjection: { 1: ['items', 'message:DownwardAPIVolumeFile', 'repeated'] },
  ConfigMapProjection: {
    1: ['localObjectReference', 'message:LocalObjectReference', 'inline'],
    2: ['items', 'message:KeyToPath', 'repeated'],
    4: ['optional', 'bool', 'keep-zero'],
  },
  ServiceAccountTokenProjection: {
    1: ['audience', 'string'],
    2: ['expirationSeconds', 'int64', 'keep-zero'],
    3: ['path', 'string', 'keep-zero'],
  },
} satisfies SchemaTable;
