/** K8S-112: Pod Security check `restrictedVolumes` (restricted, v1.0+; replaces hostPathVolumes): only the allowed inline volume sources. */
import { noEquivalents } from '../types.js';
import { pssCheckRule } from './_pss.js';

export default pssCheckRule({
  id: 'K8S-112',
  slug: 'k8s-pss-restricted-volumes',
  check: 'restrictedVolumes',
  title: {
    en: 'Volume type not allowed at restricted (Pod Security)',
    ja: 'restricted で許可されないボリューム種別（Pod Security）',
  },
  rationale: {
    en: "Besides hostPath (node files, other pods' Secrets, the runtime socket), inline volume sources such as `nfs`, `iscsi`, `rbd`, `awsElasticBlockStore` or `gitRepo` let whoever writes the pod mount storage by address, without a PersistentVolume an administrator controls, and so reach other tenants' data; `gitRepo` even runs git on the node. Pod Security restricted (every version) allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes, and replaces hostPathVolumes (K8S-106).",
    ja: 'hostPath（ノードのファイル、他の Pod の Secret、ランタイムのソケット）に加え、`nfs`、`iscsi`、`rbd`、`awsElasticBlockStore`、`gitRepo` などのインラインボリュームでは、Pod を書く人が管理者の管理する PersistentVolume を経ずにアドレス指定でストレージをマウントでき、他のテナントのデータに届きます。`gitRepo` はノード上で git を実行しさえします。Pod Security の restricted は全バージョンで configMap、csi、downwardAPI、emptyDir、ephemeral、image、persistentVolumeClaim、projected、secret のボリュームだけを許可し、hostPathVolumes（K8S-106）を置き換えます。',
  },
  remediation: {
    en: 'Use a PersistentVolumeClaim for external storage (on EKS through the EBS or EFS CSI driver) and `emptyDir`, `configMap`, `secret`, `projected` or `ephemeral` volumes for the rest; remove hostPath and other inline volume sources.',
    ja: '外部ストレージには PersistentVolumeClaim（EKS では EBS または EFS の CSI ドライバー経由）を、それ以外には `emptyDir`、`configMap`、`secret`、`projected`、`ephemeral` のボリュームを使い、hostPath などのインラインボリュームを削除してください。',
  },
  references: ['https://kubernetes.io/docs/concepts/storage/volumes/'],
  equivalents: noEquivalents(),
});
