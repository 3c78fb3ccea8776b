//! Column comments as evidence. A comment often says what a column holds
//! when its name does not (`pic` commented 用户头像, user avatar;
//! `COMMENT 'номер телефона'`, `'correo del cliente'`).
//!
//! Words in Latin and Cyrillic script go through the same tokenizer and
//! dictionary as column names. Chinese, Japanese and Korean have no spaces
//! between words: their comments are scanned for the phrases below, longest
//! match first, so 用户名称 (user's name) is not read as 用户名 (username).
//! Tags (`#PPI`) are not evidence: they are what is being checked.

use super::dictionary::{flag, role, Dictionary, FastMap, Strength};
use super::tokenize::tokenize_into;
use super::Category;
use std::sync::OnceLock;

/// What a comment says about its column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CommentSays {
    /// The comment names this kind of personal data; `word` is the evidence.
    /// `near_coordinates`: the word (`elevation`) is geographic only next
    /// to coordinates, so it confirms a name but does not decide alone.
    Pi {
        category: Category,
        word: String,
        near_coordinates: bool,
    },
    /// The comment says the value belongs to an organisation, a template, a
    /// flag or a login: not a person's data, whatever the name says.
    /// `modifies`: the word follows a data word (이메일내용, an e-mail's
    /// content; 手机号是否验证): the column is about the data, not the data.
    NotPersonal {
        word: String,
        org: bool,
        modifies: bool,
    },
}

/// How a CJK phrase reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cjk {
    Pi(Category),
    /// 名称, 名字: a name; a person's only next to a person word.
    Name,
    /// 省, 市, 区: an address part next to a person word.
    Place,
    /// 用户, 客户, 收货人: whose value it is.
    Person,
    /// 门店, 公司: an organisation's.
    Org,
    /// 分组, 角色, 文件: a thing's (用户分组名称, a user group's name).
    Owner,
    /// 是否, 状态, 模板, 用户名: something else than the data itself.
    Not,
}

#[rustfmt::skip]
const CJK: &[(Cjk, &str)] = &[
    (Cjk::Pi(Category::PersonName), "
        姓名 真实姓名 真名 收货人名称 收货人姓名 收件人姓名 联系人姓名 联系人 收货人 收件人 寄件人
        昵称 用户名称 客户名称 会员名称 员工姓名 持卡人 开户名 户名 法人 负责人 责任人 经办人 法定代表人 操作人 创建人姓名
        氏名 名前 フリガナ ニックネーム 이름 성명 닉네임
        대표자 대표이사 대표자명 담당자 담당자명 代表者 代表者名 担当者 担当者名
    "),
    (Cjk::Pi(Category::PersonBirthDate), "生日 出生日期 出生年月 出生年月日 生年月日 誕生日 생년월일 생일"),
    (Cjk::Pi(Category::PersonNationalId), "
        身份证 身份证号 身份证号码 证件号 证件号码 社保号 社会保障号 公民身份号码
        マイナンバー 주민등록번호
    "),
    (Cjk::Pi(Category::GovernmentId), "
        护照 护照号 驾驶证 驾照 身份证扫描件 身份证照片 身份证正面 身份证反面 身份证背面 港澳通行证
        台胞证 军官证 旅券 運転免許 여권 운전면허
    "),
    (Cjk::Pi(Category::ContactPhone), "
        手机 手机号 手机号码 电话 电话号码 联系电话 联系方式 座机 传真 移动电话
        電話 電話番号 携帯 携帯電話 전화 전화번호 휴대폰 연락처
        팩스 팩스번호 휴대전화 휴대전화번호 이동전화 이동전화번호 지역번호 국가번호
        ファックス ファックス番号 FAX番号 携帯番号 市外局番 国番号
    "),
    (Cjk::Pi(Category::ContactEmail), "
        邮箱 电子邮箱 电子邮件 邮件地址 邮箱地址 メール メールアドレス 이메일 전자우편
        이메일주소 메일 메일주소 전자메일 電子メール
    "),
    (Cjk::Pi(Category::ContactAddress), "
        详细地址 收货地址 住址 家庭住址 通讯地址 联系地址 居住地址 邮编 邮政编码
        住所 郵便番号 주소 우편번호 상세주소 도로명주소 番地
    "),
    (Cjk::Pi(Category::ContactHandle), "微信号 微信 微信账号 QQ号 QQ号码 微博 钉钉号"),
    (Cjk::Pi(Category::FinancialAccount), "
        银行卡 银行卡号 银行账号 银行帐号 银行账户 支付宝账号 支付宝 收款码 收款二维码 开户账号 口座番号
        계좌번호
    "),
    (Cjk::Pi(Category::FinancialCard), "信用卡 信用卡号 卡片有效期 安全码 クレジットカード 신용카드"),
    (Cjk::Pi(Category::PersonAvatar), "头像 头像图片 用户头像 个人照片 证件照 自拍 顔写真 プロフィール画像 프로필 사진 증명사진 写真"),
    (Cjk::Pi(Category::Biometric), "
        指纹 人脸 人脸特征 人脸照片 虹膜 声纹 掌纹 签名图片 手写签名 电子签名 签字 指紋 지문
        서명 서명이미지 홍채 얼굴 署名 生体
    "),
    (Cjk::Pi(Category::GeoCoordinates), "经度 纬度 经纬度 坐标 地理坐标 緯度 経度 위도 경도 좌표"),
    (Cjk::Pi(Category::GeoOther), "定位 地理位置 GPS"),
    // 명 (名) ends Korean name words (회원명, a member's name); 명함 is a
    // business card, 명칭 a thing's name.
    (Cjk::Name, "名称 名字 名 명"),
    (Cjk::Owner, "명함 명칭"),
    // 地址 is also a URL (图片地址) or an IP address (IP地址): an address
    // part only next to a person word.
    (Cjk::Place, "地址 省 市 区 县 镇 乡 村 街道 省份 城市 区县 区域 所在地 国家 도시 시도 시군구 읍면동"),
    (Cjk::Person, "
        用户 客户 会员 员工 患者 学生 店员 顾客 买家 司机 乘客 骑手 作者 评论人 操作用户 个人
        本人 家属 紧急联系人 监护人 受益人
        사용자 고객 회원 직원 사원 환자 학생 작성자 게시자 응답자 신청인 신청자 수신자 발신자
        개인 본인 가족 보호자 수익자 등록자 회원님 인사 외부인사 외부인 利用者 顧客 会員 社員 従業員 患者 学生 作成者
        申請者
    "),
    (Cjk::Org, "
        门店 商户 商家 店铺 公司 企业 部门 机构 平台 系统 租户 仓库 医院 学校 供应商 物流公司
        快递公司 银行名称 开户行 网点 团队 官方
        회사 기업 법인 부서 업체 기관 상점 은행 학교 병원 会社 企業 法人 部署 店舗 銀行
    "),
    (Cjk::Owner, "分组 分类 类别 标签 角色 权限 菜单 字典 文件 附件 商品 产品 活动 项目 任务 流程 优惠券 文章
        그룹 분류 카테고리 권한 메뉴 파일 첨부 첨부파일 상품 제품 게시판 프로젝트 지도 약도 マップ 地図 ファイル"),
    (Cjk::Not, "
        是否 状态 类型 模板 数量 次数 开关 配置 格式 密码 验证码 用户名 登录名 登录账号 账号 账户
        编号 图标 标识 logo LOGO openid unionid 排序 备注 品牌 规格 版本 会话 令牌 密钥 token
        id ID Id 登录
        key KEY IP IP地址 图片地址 图片链接 链接 路由 网址 路径 URL url 接口 服务器 域名
        여부 상태 유형 코드 개수 횟수 비밀번호 아이디 템플릿 내용 제목 형식 설정
        内容 件名 状態 種別 区分 コード 件数 回数 パスワード 有無 フラグ
    "),
];

struct CjkLexicon {
    phrases: FastMap<&'static str, Cjk>,
    /// Longest phrase in chars.
    max_chars: usize,
}

fn cjk() -> &'static CjkLexicon {
    static LEX: OnceLock<CjkLexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut phrases = FastMap::default();
        let mut max_chars = 1;
        for &(kind, list) in CJK {
            for p in list.split_whitespace() {
                max_chars = max_chars.max(p.chars().count());
                phrases.entry(p).or_insert(kind);
            }
        }
        CjkLexicon { phrases, max_chars }
    })
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff   // kana
        | 0x3400..=0x4dbf // CJK extension A
        | 0x4e00..=0x9fff // CJK unified ideographs
        | 0xac00..=0xd7af // Hangul syllables
        | 0xf900..=0xfaff)
}

/// Remove tags and tag-like words (`#PPI`, `#geo`): they are not evidence.
fn without_tags(comment: &str) -> String {
    let mut out = String::with_capacity(comment.len());
    let mut skipping = false;
    for c in comment.chars() {
        if c == '#' {
            skipping = true;
            continue;
        }
        if skipping && (c.is_alphanumeric() || c == '_') {
            continue;
        }
        skipping = false;
        out.push(c);
    }
    out
}

/// What `comment` says, if anything.
pub(crate) fn read(dict: &Dictionary, comment: &str) -> Option<CommentSays> {
    let text = without_tags(comment);
    if text.trim().is_empty() {
        return None;
    }
    if text.chars().any(is_cjk) {
        // Latin words next to Chinese are value lists (`bank = 银行卡 alipay = 支付宝`).
        return read_cjk(&text);
    }
    read_words(dict, &text)
}

/// Leftmost-longest phrase matches; the rightmost data word is the head, as
/// in column names (收货人手机号: the consignee's phone).
fn read_cjk(text: &str) -> Option<CommentSays> {
    let lex = cjk();
    // The first clause names the column; the rest often lists values
    // (`客户端类型 pc:电脑端 app:手机端`).
    // Korean puts spaces between words (지도 위도, a map's latitude): there
    // a space does not end the clause.
    let hangul = text.chars().any(|c| ('\u{ac00}'..='\u{d7af}').contains(&c));
    let first = text
        .trim()
        .split(|c: char| {
            matches!(c, ':' | '：' | '(' | '（' | ',' | '，' | ';' | '；' | '\t')
                || (c == ' ' && !hangul)
        })
        .find(|s| !s.trim().is_empty())
        .unwrap_or("")
        .trim();
    let chars: Vec<char> = first.chars().collect();
    let mut hits: Vec<(Cjk, String)> = Vec::new();
    let mut i = 0;
    let mut buf = String::new();
    while i < chars.len() {
        let mut matched = 0;
        for len in (1..=lex.max_chars.min(chars.len() - i)).rev() {
            buf.clear();
            buf.extend(&chars[i..i + len]);
            if let Some(&k) = lex.phrases.get(buf.as_str()) {
                hits.push((k, buf.clone()));
                matched = len;
                break;
            }
        }
        i += matched.max(1);
    }
    let head_at = hits
        .iter()
        .rposition(|(k, _)| matches!(k, Cjk::Pi(_) | Cjk::Name | Cjk::Place));
    // 手机号是否验证 (phone verified?), 短信模板: a word after the data word,
    // or 是否 (whether) anywhere, makes it something else.
    let not = hits.iter().enumerate().find(|(i, (k, w))| {
        *k == Cjk::Not && (head_at.is_none_or(|h| *i > h) || w.as_str() == "是否")
    });
    if let Some((i, (_, w))) = not {
        return Some(CommentSays::NotPersonal {
            word: w.clone(),
            org: false,
            // An id after the data word refers to it (行政区域表的省ID, the
            // province's id in the region table: still the address's province).
            modifies: head_at.is_some_and(|h| i > h)
                && !matches!(
                    w.as_str(),
                    "id" | "ID"
                        | "Id"
                        | "编号"
                        | "标识"
                        | "아이디"
                        | "코드"
                        | "コード"
                        | "key"
                        | "KEY"
                ),
        });
    }
    let head_at = head_at?;
    let head = &hits[head_at];
    // Whose it is: the nearest person or owner word before the head
    // (收货人所在市, the consignee's city; 门店电话, a store's phone).
    let owner = hits[..head_at].iter().rev().find(|(k, _)| {
        matches!(
            k,
            Cjk::Person | Cjk::Org | Cjk::Owner | Cjk::Pi(Category::PersonName)
        )
    });
    let person = matches!(
        owner,
        Some((Cjk::Person | Cjk::Pi(Category::PersonName), _))
    );
    let category = match head.0 {
        Cjk::Pi(c) => c,
        Cjk::Name if person => Category::PersonName,
        Cjk::Place if person => Category::ContactAddress,
        _ => return None,
    };
    if let Some((kind @ (Cjk::Org | Cjk::Owner), w)) = owner {
        // 经度 is a location whoever it belongs to.
        if category.tag() == Some(crate::tags::Tag::Ppi) {
            return Some(CommentSays::NotPersonal {
                word: w.clone(),
                org: *kind == Cjk::Org,
                modifies: false,
            });
        }
    }
    Some(CommentSays::Pi {
        category,
        word: head.1.clone(),
        near_coordinates: false,
    })
}

/// Words in Latin or Cyrillic script: the rightmost dictionary term that
/// names personal data (`correo del cliente`, `номер телефона`); a bare
/// `name`/`address`/`city` only next to a person word.
fn read_words(dict: &Dictionary, text: &str) -> Option<CommentSays> {
    let mut tokens = Vec::new();
    tokenize_into(text, &mut tokens);
    tokens.retain(|t| t.is_ascii());
    if tokens.is_empty() {
        return None;
    }
    let person = tokens
        .iter()
        .find(|t| dict.role(t) & (role::PERSON | role::PEOPLE) != 0);
    let n = tokens.len();
    let mut end = n;
    let mut buf = String::new();
    let mut bare: Option<(Category, String)> = None;
    while end > 0 {
        let hit = dict.longest_ending_at(&tokens, end, &mut buf, |s, _| dict.term(s));
        let Some((start, term)) = hit else {
            end -= 1;
            continue;
        };
        // `cf.` (see), `rg`: an abbreviation in prose is no identifier's name.
        if term.flags & flag::SHORT != 0 {
            end = start;
            continue;
        }
        // A sentence that mentions the data far from its start describes
        // something about it ("Population density of the volunteer's home
        // area", "available for missions near their home"), not the value.
        if n > 6 && start > 3 {
            end = start;
            continue;
        }
        let span = tokens[start..end].join(" ");
        // `email verified`, `phone count`: the word after turns it into something else.
        if tokens
            .get(end)
            .is_some_and(|next| dict.role(next) & role::AFTER != 0)
        {
            return None;
        }
        match (term.strength, term.category) {
            (Strength::Not, _) => return None,
            (Strength::Bare, Some(c)) => {
                bare.get_or_insert((c, span));
            }
            (Strength::Bare, None) if term.flags & (flag::ADDRESS_WORD | flag::PLACE_WORD) != 0 => {
                bare.get_or_insert((Category::ContactAddress, span));
            }
            (Strength::Weak, _) => {}
            (_, Some(category)) => {
                return Some(CommentSays::Pi {
                    category,
                    word: span,
                    // `elevation`, `lat`, `north`: geographic only next to
                    // coordinates, which a comment does not show (a unit
                    // "for elevation" is no elevation).
                    near_coordinates: term.flags & (flag::GEO_AUX | flag::PAIR | flag::BOUND) != 0,
                });
            }
            _ => {}
        }
        end = start;
    }
    let (category, word) = bare?;
    person.map(|p| CommentSays::Pi {
        category,
        word: format!("{p} … {word}"),
        near_coordinates: false,
    })
}

#[cfg(test)]
mod tests {
    use super::super::dictionary::dictionary;
    use super::*;

    fn cat(comment: &str) -> Option<Category> {
        match read(dictionary(), comment)? {
            CommentSays::Pi { category, .. } => Some(category),
            CommentSays::NotPersonal { .. } => None,
        }
    }

    #[test]
    fn chinese_comments() {
        assert_eq!(cat("用户头像"), Some(Category::PersonAvatar));
        assert_eq!(cat("收货人手机号"), Some(Category::ContactPhone));
        assert_eq!(cat("收货人所在市"), Some(Category::ContactAddress));
        assert_eq!(cat("收货人名称"), Some(Category::PersonName));
        assert_eq!(cat("用户名称"), Some(Category::PersonName));
        assert_eq!(cat("身份证号码"), Some(Category::PersonNationalId));
        assert_eq!(cat("微信号"), Some(Category::ContactHandle));
        assert_eq!(cat("纬度"), Some(Category::GeoCoordinates));
        // Not a person's data.
        assert_eq!(cat("用户名"), None);
        assert_eq!(cat("门店电话"), None);
        assert_eq!(cat("商品名称"), None);
        assert_eq!(cat("手机号是否验证"), None);
        assert_eq!(cat("短信模板"), None);
        assert_eq!(cat("微信openid"), None);
        assert_eq!(cat("市"), None);
        assert_eq!(cat("用户分组名称"), None);
        assert_eq!(cat("用户地址id"), None);
        assert_eq!(cat("客户端类型 pc:电脑端 app:手机端"), None);
        assert_eq!(cat("团购分享图片地址"), None);
        assert_eq!(cat("最近一次登录IP地址"), None);
    }

    #[test]
    fn other_scripts_and_languages() {
        assert_eq!(cat("номер телефона"), Some(Category::ContactPhone));
        assert_eq!(cat("correo del cliente"), Some(Category::ContactEmail));
        assert_eq!(cat("nombre del cliente"), Some(Category::PersonName));
        assert_eq!(cat("Date of birth"), Some(Category::PersonBirthDate));
        assert_eq!(cat("電話番号"), Some(Category::ContactPhone));
        assert_eq!(cat("주소"), Some(Category::ContactAddress));
        assert_eq!(cat("Name of the project"), None);
        assert_eq!(cat("email verified flag"), None);
        assert_eq!(cat("The login of the user"), None);
    }

    #[test]
    fn korean_and_japanese_comments() {
        // 명 after a person word: a member's, a writer's name.
        assert_eq!(cat("고객명"), Some(Category::PersonName));
        assert_eq!(cat("작성자명"), Some(Category::PersonName));
        assert_eq!(cat("대표자"), Some(Category::PersonName));
        assert_eq!(cat("担当者名"), Some(Category::PersonName));
        // A thing's or a company's name is not a person's.
        assert_eq!(cat("부서명"), None);
        assert_eq!(cat("명함ID"), None);
        assert_eq!(cat("회사전화번호"), None);
        // Phone parts and fax numbers.
        assert_eq!(cat("지역번호"), Some(Category::ContactPhone));
        assert_eq!(cat("국가번호"), Some(Category::ContactPhone));
        assert_eq!(cat("팩스번호"), Some(Category::ContactPhone));
        assert_eq!(cat("이메일주소"), Some(Category::ContactEmail));
        assert_eq!(cat("증명사진"), Some(Category::PersonAvatar));
        // Korean spaces words apart: the clause goes on after a space.
        assert_eq!(cat("현장 위도"), Some(Category::GeoCoordinates));
        assert_eq!(cat("지도 경도"), Some(Category::GeoCoordinates));
        // Content, status: about the data, not the data.
        assert!(matches!(
            read(dictionary(), "이메일내용"),
            Some(CommentSays::NotPersonal { modifies: true, .. })
        ));
        assert!(matches!(
            read(dictionary(), "휴대폰여부"),
            Some(CommentSays::NotPersonal { modifies: true, .. })
        ));
        // An id after the data word refers to the data (the province's id).
        assert!(matches!(
            read(dictionary(), "지역의 시도 코드"),
            Some(CommentSays::NotPersonal {
                modifies: false,
                ..
            }) | None
        ));
    }

    #[test]
    fn elevation_in_a_comment_needs_coordinates() {
        assert!(matches!(
            read(dictionary(), "unit for the elevation"),
            Some(CommentSays::Pi {
                near_coordinates: true,
                ..
            })
        ));
        assert!(matches!(
            read(dictionary(), "latitude of the site"),
            Some(CommentSays::Pi {
                category: Category::GeoCoordinates,
                near_coordinates: false,
                ..
            })
        ));
    }

    #[test]
    fn tags_are_not_evidence() {
        assert_eq!(cat("#PPI"), None);
        assert_eq!(cat("#GEO #PPI"), None);
        assert_eq!(without_tags("用户头像 #PPI"), "用户头像 ");
    }
}
