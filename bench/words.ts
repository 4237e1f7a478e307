// Word lists for the benchmark corpus (corpus.ts): the head of an English-like Zipf vocabulary,
// syllables for synthetic words, and small lexicons for the multilingual slices.

/** The most frequent words, most frequent first; synthetic words follow them in rank. */
export const COMMON = [
  'the', 'to', 'you', 'and', 'it', 'is', 'that', 'for', 'on', 'have', 'we', 'in', 'not', 'be', 'me', 'do', 'this', 'are',
  'can', 'what', 'just', 'so', 'but', 'with', 'time', 'will', 'at', 'know', 'about', 'if', 'like', 'get', 'was', 'all',
  'now', 'there', 'think', 'good', 'yes', 'see', 'how', 'going', 'meeting', 'tomorrow', 'today', 'thanks', 'okay',
  'work', 'call', 'later', 'back', 'need', 'want', 'one', 'when', 'people', 'make', 'right', 'really', 'let', 'still',
  'home', 'coffee', 'lunch', 'dinner', 'weekend', 'project', 'review', 'release', 'server', 'build', 'test', 'deploy',
  'invoice', 'invitation', 'investigate', 'inventory', 'message', 'phone', 'train', 'ticket', 'office', 'morning',
  'evening', 'night', 'week', 'friday', 'monday', 'photo', 'picture', 'music', 'movie', 'book', 'happy', 'birthday',
  'sorry', 'late', 'soon', 'great', 'nice', 'maybe', 'please', 'question', 'answer', 'problem', 'idea', 'plan',
] as const

export const SYLLABLES = [
  'ka', 'lo', 'mi', 'ren', 'tor', 'vel', 'sa', 'qui', 'dra', 'pon', 'bel', 'tis', 'mar', 'gon', 'lu', 'fe', 'zen', 'ko',
  'rim', 'sta', 'ne', 'vo', 'chi', 'pra', 'dun', 'wel', 'ha', 'jor', 'ix', 'ul', 'ter', 'bra', 'sen', 'mo', 'rak', 'lia',
] as const

export const ACCENTED = [
  'café', 'naïve', 'résumé', 'crème', 'brûlée', 'façade', 'déjà', 'über', 'señor', 'mañana', 'jalapeño', 'garçon',
  'Müller', 'straße', 'Gödel', 'smörgåsbord', 'São', 'Paulo', 'coração', 'élan', 'fiancée', 'Zürich', 'Kraków', 'Ærø',
  'très', 'bientôt', 'à', 'demain', 'où', 'est', 'la', 'gare', 'ça', 'va', 'cañón', 'pingüino', 'çok', 'güzel',
] as const

export const CYRILLIC_SYLLABLES = [
  'при', 'вет', 'как', 'де', 'ла', 'хо', 'ро', 'шо', 'мо', 'ско', 'ва', 'до', 'ма', 'то', 'го', 'во', 'ре', 'на', 'сто',
  'ло', 'за', 'вт', 'ра', 'ве', 'чер', 'ом', 'ра', 'бо', 'та', 'ни', 'ко', 'ли', 'ту', 'ры', 'жи', 'зн',
] as const

export const CHINESE = [
  '我们', '今天', '明天', '吃饭', '工作', '时间', '朋友', '学校', '电话', '问题', '公司', '东西', '知道', '喜欢', '现在',
  '已经', '因为', '所以', '但是', '什么', '怎么', '没有', '可以', '一起', '晚上', '早上', '中国', '北京', '上海', '电脑',
  '手机', '开会', '下午', '周末', '天气', '咖啡', '图书馆', '火车站', '飞机', '医院', '超市', '生日', '快乐', '谢谢',
  '对不起', '没关系', '你好', '再见', '一下', '看看', '觉得', '应该', '需要', '准备', '项目', '服务器', '测试', '发布',
] as const

export const JAPANESE = [
  '今日は', '明日', '東京', '会議', 'ありがとう', 'よろしく', 'お願いします', '電車', '時間', '友達', '仕事', '昼ご飯',
  '大丈夫', 'すみません', '駅', '待ち合わせ', '新幹線', 'コーヒー', 'ラーメン', '週末', '天気', '写真', 'メール', '予定',
  '確認', '資料', 'プロジェクト', 'テスト', 'サーバー', '映画', '誕生日', 'おめでとう', '楽しみ', '少し', '遅れます',
] as const

export const EMOJI = ['😀', '😂', '👍', '🎉', '❤️', '🙏', '🔥', '😊', '🤔', '👀', '✅', '🚀', '☕', '🍕', '😅'] as const
