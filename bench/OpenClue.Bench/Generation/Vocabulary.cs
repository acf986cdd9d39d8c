namespace OpenClue.Bench.Generation;

/// <summary>A word or phrase in its Korean and English spelling.</summary>
public readonly record struct Term(string Ko, string En)
{
    public string In(bool korean) => korean ? Ko : En;
}

/// <summary>A shopping category: its product nouns, its brands and the modifiers its item names carry.</summary>
public sealed record Category(string Key, Term Name, Term[] Products, Term[] Brands, Term[] Modifiers);

/// <summary>The fixed, hand-written vocabulary of the synthetic shop (Korean and English).</summary>
public static class Vocabulary
{
    private static Term T(string ko, string en) => new(ko, en);

    private static readonly Term[] Colors = [T("블랙", "black"), T("화이트", "white"), T("네이비", "navy"), T("그레이", "grey"), T("베이지", "beige"), T("레드", "red")];
    private static readonly Term[] ShoeSizes = [T("250mm", "250mm"), T("260mm", "260mm"), T("265mm", "265mm"), T("270mm", "270mm"), T("280mm", "280mm")];
    private static readonly Term[] ClothSizes = [T("S", "S"), T("M", "M"), T("L", "L"), T("XL", "XL"), T("프리사이즈", "free size")];

    /// <summary>Key of the category behind the <c>category</c> trait.</summary>
    public const string RunningShoes = "running_shoes";
    /// <summary>Key of the category behind the <c>recency</c> trait; it never appears in natural browsing.</summary>
    public const string Baby = "baby";

    /// <summary>The brand behind the <c>shared_token</c> trait: sold in several categories, every item rare.</summary>
    public static readonly Term SharedBrand = T("몽벨", "montbell");
    public static readonly string[] SharedBrandCategories = ["outdoor", "sportswear", "bags", RunningShoes, "mens_fashion"];

    public static readonly Category[] Categories =
    [
        new(RunningShoes, T("러닝화", "running shoes"),
            [T("러닝화", "running shoes"), T("마라톤화", "marathon shoes"), T("트레일 러닝화", "trail running shoes"), T("조깅화", "jogging shoes")],
            [T("나이키", "nike"), T("아디다스", "adidas"), T("아식스", "asics"), T("뉴발란스", "new balance"), T("호카", "hoka"), T("브룩스", "brooks")],
            [.. ShoeSizes, .. Colors, T("경량", "lightweight"), T("쿠셔닝", "cushioning")]),
        new("sportswear", T("운동복", "sportswear"),
            [T("레깅스", "leggings"), T("트레이닝 팬츠", "training pants"), T("바람막이", "windbreaker"), T("기능성 티셔츠", "dry fit t-shirt")],
            [T("나이키", "nike"), T("아디다스", "adidas"), T("룰루레몬", "lululemon"), T("언더아머", "under armour"), T("젝시믹스", "xexymix")],
            [.. ClothSizes, .. Colors]),
        new("outdoor", T("아웃도어", "outdoor"),
            [T("등산화", "hiking boots"), T("등산 자켓", "hiking jacket"), T("텐트", "tent"), T("캠핑 의자", "camping chair"), T("침낭", "sleeping bag")],
            [T("노스페이스", "the north face"), T("코오롱스포츠", "kolon sport"), T("블랙야크", "black yak"), T("콜맨", "coleman"), T("스노우피크", "snow peak")],
            [.. Colors, T("방수", "waterproof"), T("4인용", "4 person")]),
        new(Baby, T("유아용품", "baby products"),
            [T("기저귀", "diapers"), T("분유", "infant formula"), T("유모차", "stroller"), T("젖병", "baby bottle"), T("아기 물티슈", "baby wipes"), T("카시트", "car seat")],
            [T("하기스", "huggies"), T("팸퍼스", "pampers"), T("압타밀", "aptamil"), T("베이비젠", "babyzen"), T("보솜이", "bosomi")],
            [T("신생아", "newborn"), T("1단계", "stage 1"), T("2단계", "stage 2"), T("대형", "large"), T("80매", "80 sheets")]),
        new("toys", T("장난감", "toys"),
            [T("블록 세트", "block set"), T("인형", "doll"), T("보드게임", "board game"), T("RC카", "rc car")],
            [T("레고", "lego"), T("영실업", "youngtoys"), T("미미월드", "mimiworld"), T("하스브로", "hasbro")],
            [T("5세 이상", "age 5+"), T("한정판", "limited edition"), .. Colors]),
        new("phone", T("스마트폰", "smartphone"),
            [T("스마트폰", "smartphone"), T("폰케이스", "phone case"), T("고속 충전기", "fast charger"), T("보조배터리", "power bank")],
            [T("삼성", "samsung"), T("애플", "apple"), T("샤오미", "xiaomi"), T("앤커", "anker"), T("슈피겐", "spigen")],
            [T("256GB", "256GB"), T("512GB", "512GB"), T("자급제", "unlocked"), .. Colors]),
        new("computer", T("컴퓨터", "computer"),
            [T("노트북", "laptop"), T("모니터", "monitor"), T("기계식 키보드", "mechanical keyboard"), T("무선 마우스", "wireless mouse")],
            [T("엘지", "lg"), T("삼성", "samsung"), T("레노버", "lenovo"), T("로지텍", "logitech"), T("애플", "apple")],
            [T("16GB", "16GB"), T("27인치", "27 inch"), T("게이밍", "gaming"), .. Colors]),
        new("audio", T("음향기기", "audio"),
            [T("무선 이어폰", "wireless earbuds"), T("헤드폰", "headphones"), T("블루투스 스피커", "bluetooth speaker")],
            [T("소니", "sony"), T("애플", "apple"), T("보스", "bose"), T("젠하이저", "sennheiser"), T("삼성", "samsung")],
            [T("노이즈캔슬링", "noise cancelling"), .. Colors]),
        new("skincare", T("스킨케어", "skincare"),
            [T("수분크림", "moisturizer"), T("선크림", "sunscreen"), T("토너", "toner"), T("세럼", "serum")],
            [T("설화수", "sulwhasoo"), T("이니스프리", "innisfree"), T("라운드랩", "round lab"), T("닥터자르트", "dr jart"), T("에스트라", "aestura")],
            [T("50ml", "50ml"), T("대용량", "jumbo"), T("민감성", "sensitive skin"), T("기획세트", "gift set")]),
        new("makeup", T("메이크업", "makeup"),
            [T("립스틱", "lipstick"), T("쿠션", "cushion foundation"), T("아이섀도 팔레트", "eyeshadow palette"), T("마스카라", "mascara")],
            [T("롬앤", "romand"), T("클리오", "clio"), T("맥", "mac"), T("헤라", "hera"), T("3CE", "3ce")],
            [T("21호", "shade 21"), T("23호", "shade 23"), T("코랄", "coral"), T("로즈", "rose")]),
        new("womens_fashion", T("여성의류", "womens fashion"),
            [T("원피스", "dress"), T("블라우스", "blouse"), T("가디건", "cardigan"), T("롱스커트", "long skirt")],
            [T("자라", "zara"), T("유니클로", "uniqlo"), T("스파오", "spao"), T("미쏘", "mixxo"), T("에잇세컨즈", "8seconds")],
            [.. ClothSizes, .. Colors, T("린넨", "linen")]),
        new("mens_fashion", T("남성의류", "mens fashion"),
            [T("옥스포드 셔츠", "oxford shirt"), T("청바지", "jeans"), T("울 코트", "wool coat"), T("니트", "knit sweater")],
            [T("유니클로", "uniqlo"), T("무신사 스탠다드", "musinsa standard"), T("탑텐", "topten"), T("지오다노", "giordano"), T("폴로", "polo")],
            [.. ClothSizes, .. Colors, T("오버핏", "oversized")]),
        new("bags", T("가방", "bags"),
            [T("백팩", "backpack"), T("토트백", "tote bag"), T("크로스백", "crossbody bag"), T("반지갑", "wallet")],
            [T("만다리나덕", "mandarina duck"), T("잔스포츠", "jansport"), T("코치", "coach"), T("루이까또즈", "louis quatorze"), T("마크모크", "markmok")],
            [.. Colors, T("가죽", "leather"), T("노트북 수납", "laptop sleeve")]),
        new("groceries", T("식품", "groceries"),
            [T("생수", "bottled water"), T("라면", "ramen"), T("쌀 10kg", "rice 10kg"), T("우유", "milk"), T("계란 30구", "eggs 30 pack")],
            [T("삼다수", "samdasoo"), T("농심", "nongshim"), T("오뚜기", "ottogi"), T("서울우유", "seoul milk"), T("풀무원", "pulmuone")],
            [T("2L 12병", "2L x12"), T("5개입", "5 pack"), T("무료배송", "free shipping"), T("특가", "deal")]),
        new("coffee_snacks", T("커피 간식", "coffee and snacks"),
            [T("원두", "coffee beans"), T("캡슐커피", "coffee capsules"), T("과자", "snacks"), T("초콜릿", "chocolate")],
            [T("스타벅스", "starbucks"), T("맥심", "maxim"), T("오리온", "orion"), T("롯데", "lotte"), T("동서", "dongsuh")],
            [T("1kg", "1kg"), T("100개입", "100 count"), T("디카페인", "decaf"), T("선물세트", "gift box")]),
        new("health", T("건강식품", "health food"),
            [T("종합비타민", "multivitamin"), T("유산균", "probiotics"), T("오메가3", "omega 3"), T("홍삼정", "red ginseng extract"), T("단백질 보충제", "protein powder")],
            [T("정관장", "cheong kwan jang"), T("종근당", "chong kun dang"), T("뉴트리원", "nutrione"), T("옵티멈", "optimum nutrition"), T("고려은단", "korea eundan")],
            [T("60정", "60 tablets"), T("3개월분", "3 months"), T("초코맛", "chocolate flavor")]),
        new("kitchen", T("주방용품", "kitchen"),
            [T("프라이팬", "frying pan"), T("에어프라이어", "air fryer"), T("전기밥솥", "rice cooker"), T("냄비 세트", "pot set")],
            [T("쿠쿠", "cuckoo"), T("해피콜", "happycall"), T("테팔", "tefal"), T("필립스", "philips"), T("락앤락", "locknlock")],
            [T("28cm", "28cm"), T("6인용", "6 cup"), T("인덕션", "induction"), .. Colors]),
        new("appliances", T("생활가전", "home appliances"),
            [T("로봇청소기", "robot vacuum"), T("공기청정기", "air purifier"), T("가습기", "humidifier"), T("드럼 세탁기", "washing machine")],
            [T("다이슨", "dyson"), T("엘지", "lg"), T("삼성", "samsung"), T("위닉스", "winix"), T("코웨이", "coway")],
            [T("1등급", "energy grade 1"), T("21kg", "21kg"), T("무선", "cordless"), .. Colors]),
        new("furniture", T("가구", "furniture"),
            [T("3인용 소파", "3 seat sofa"), T("매트리스", "mattress"), T("컴퓨터 책상", "computer desk"), T("사무용 의자", "office chair")],
            [T("이케아", "ikea"), T("한샘", "hanssem"), T("시디즈", "sidiz"), T("에이스침대", "ace bed"), T("일룸", "iloom")],
            [T("퀸", "queen"), T("원목", "solid wood"), T("조립식", "flat pack"), .. Colors]),
        new("pet", T("반려동물", "pet supplies"),
            [T("강아지 사료", "dog food"), T("고양이 사료", "cat food"), T("고양이 모래", "cat litter"), T("반려동물 간식", "pet treats")],
            [T("로얄캐닌", "royal canin"), T("오리젠", "orijen"), T("내추럴발란스", "natural balance"), T("뉴트로", "nutro"), T("하림펫푸드", "harim pet food")],
            [T("2kg", "2kg"), T("7kg", "7kg"), T("시니어", "senior"), T("퍼피", "puppy")]),
        new("books", T("도서", "books"),
            [T("장편소설", "novel"), T("자기계발서", "self help book"), T("만화책", "comic book"), T("여행 가이드북", "travel guide"), T("토익 교재", "toeic textbook")],
            [T("민음사", "minumsa"), T("문학동네", "munhakdongne"), T("창비", "changbi"), T("길벗", "gilbut"), T("해커스", "hackers")],
            [T("개정판", "revised edition"), T("세트", "box set"), T("전자책", "ebook")]),
        new("travel", T("여행", "travel"),
            [T("왕복 항공권", "round trip flight"), T("호텔 숙박", "hotel stay"), T("제주 렌터카", "jeju rental car"), T("여행자 보험", "travel insurance")],
            [T("대한항공", "korean air"), T("아시아나", "asiana"), T("제주항공", "jeju air"), T("야놀자", "yanolja"), T("여기어때", "goodchoice")],
            [T("도쿄", "tokyo"), T("오사카", "osaka"), T("다낭", "da nang"), T("2박3일", "2 nights"), T("조식 포함", "breakfast included")]),
        new("gaming", T("게임", "gaming"),
            [T("게임기", "game console"), T("게임 타이틀", "game title"), T("게이밍 헤드셋", "gaming headset"), T("무선 컨트롤러", "wireless controller")],
            [T("닌텐도", "nintendo"), T("소니", "sony"), T("마이크로소프트", "microsoft"), T("로지텍", "logitech"), T("레이저", "razer")],
            [T("한글판", "korean edition"), T("번들", "bundle"), .. Colors]),
        new("golf", T("골프", "golf"),
            [T("드라이버", "driver club"), T("골프공", "golf balls"), T("골프웨어", "golf wear"), T("거리측정기", "rangefinder")],
            [T("타이틀리스트", "titleist"), T("캘러웨이", "callaway"), T("테일러메이드", "taylormade"), T("핑", "ping"), T("보이스캐디", "voice caddie")],
            [T("10.5도", "10.5 degree"), T("12구", "12 balls"), T("남성용", "mens"), T("여성용", "womens")]),
    ];

    /// <summary>Series words that make item names distinct ("에어 줌", "pro", "2세대").</summary>
    public static readonly Term[] Series =
    [
        T("에어", "air"), T("프로", "pro"), T("라이트", "lite"), T("맥스", "max"), T("플러스", "plus"), T("울트라", "ultra"),
        T("미니", "mini"), T("클래식", "classic"), T("스탠다드", "standard"), T("에센셜", "essential"), T("시그니처", "signature"),
        T("오리지널", "original"), T("프리미엄", "premium"), T("베이직", "basic"), T("에디션", "edition"), T("줌", "zoom"),
    ];

    /// <summary>Words a searcher appends to a query.</summary>
    public static readonly Term[] QueryWords = [T("추천", "best"), T("후기", "review"), T("할인", "sale"), T("최저가", "cheapest"), T("정품", "genuine"), T("인기", "popular")];

    /// <summary>Behaviours that carry no shopping signal (site navigation, ads, account pages).</summary>
    public static readonly string[] NoiseBehaviors =
    [
        "visit: 홈", "visit: home", "view: 이벤트 페이지", "view: event page", "click: 배너 광고", "click: banner ad",
        "login", "view: 마이페이지", "view: my page", "view: 주문 내역", "view: order history", "view: 장바구니", "view: cart",
        "click: 쿠폰 받기", "click: get coupon", "view: 오늘의 특가", "view: today's deals", "search: 무료배송", "search: free shipping",
        "view: 고객센터", "view: help center", "click: 알림", "click: notification", "view: 리뷰 작성", "view: write review",
        "click: 블랙프라이데이 기획전", "click: black friday sale", "view: 포인트 내역", "logout",
    ];

    public static readonly string[] ItemActions = ["view", "click", "cart", "buy", "wish"];
}
