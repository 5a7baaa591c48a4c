import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { PRIVACY_PAGES } from '../../../lib/routes';
import { H5Back } from '../../../components/H5Back';
import '../../privacy.css';

/** What each section says; kept as data so the page stays one plain list. */
const SECTIONS: { title: string; lines: string[] }[] = [
  {
    title: '一、我们是谁',
    lines: ['“安全网格”小程序由本区安全生产监管部门（区安全生产委员会办公室）运营，用于网格化安全生产监管：企业档案、隐患举报与整改、现场检查、安全承诺和举报奖励。'],
  },
  {
    title: '二、我们收集哪些信息、为什么',
    lines: [
      '微信身份标识（openid）：所有用户。用于登录和识别您的账号；发放举报奖励时用于微信转账。',
      '手机号：您点击“绑定微信手机号”并同意后获取。用于工作联系；其他人看到的是打码后的号码（如 138****5678），只有需要联系企业的网格员、包保责任人、监管和执法人员看到企业联系人的完整号码。',
      '位置：仅在您上报隐患、现场检查签到或登记企业位置时获取一次，用于确定隐患或企业所在的网格；我们不在后台持续定位。',
      '照片和文件：仅为您在上报隐患、检查记录、企业档案或导入普查表时主动选择的照片和文件。',
      '手写签名：企业负责人签署安全承诺书、检查人员提交检查记录时的签名，与所签内容一起保存，用于证明签署。',
      '姓名、角色和管辖范围：工作人员的账号由管理员开通。',
    ],
  },
  {
    title: '三、匿名举报',
    lines: ['选择匿名举报时，被举报企业及其人员、网格员都看不到举报人；只有负责该区域的监管人员能看到举报人的姓名和打码后的手机号，以便核实和发放奖励。导出的隐患台账中不含举报人。'],
  },
  {
    title: '四、谁能看到',
    lines: ['按管辖范围授权：网格员只看本网格，街道只看本街道，区级看全区；企业负责人只看本企业。我们不向任何第三方出售或提供您的个人信息；法律法规要求的除外。'],
  },
  {
    title: '五、保存多久',
    lines: ['隐患、检查和承诺记录按安全生产档案管理要求保存（一般为 3 年）；奖励发放记录按财务凭证要求保存。账号注销后，与档案无关的个人信息（手机号、微信标识）在 30 日内删除。'],
  },
  {
    title: '六、您的权利',
    lines: [
      '查阅、复制：在“我的 → 我的数据”查看我们保存的您的信息，并导出为文件。',
      '更正：手机号可在“我的”页重新绑定；姓名、角色请联系管理员更正。',
      '删除和注销账号：请联系本区安全生产监管部门，我们将在 15 个工作日内处理并答复。',
      '撤回授权：可在微信“设置 → 隐私”或小程序右上角“… → 设置”中关闭位置、相册等授权，不影响其他功能的使用。',
    ],
  },
  {
    title: '七、联系我们',
    lines: ['区安全生产委员会办公室（工作日 9:00–17:00）；也可在小程序中向您的网格员反映。'],
  },
];

/** 隐私政策: who runs it, what is collected for what, who sees it, how long, the user's rights. */
export default function PrivacyPolicy() {
  return (
    <View className="page privacy-policy">
      <H5Back bar />
      {SECTIONS.map((s) => (
        <View key={s.title} className="card">
          <View className="card-title">{s.title}</View>
          {s.lines.map((l) => (
            <View key={l} className="card-line">
              <Text>{l}</Text>
            </View>
          ))}
        </View>
      ))}
      <View className="actions">
        <View className="link" onClick={() => void Taro.navigateTo({ url: PRIVACY_PAGES.data })}>
          查看和导出我的数据 →
        </View>
      </View>
    </View>
  );
}
