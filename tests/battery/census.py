# Two census tables of the kind the UCI "adult" data is (made here with numpy; QUALITY.md, "Labels
# that turn with a column any way"), written whole with their splits:
#   adult.csv   12 000 rows: age, education (16 labels named by education_num, 1-16, in an order not
#               the sorted names'), marital status (5 labels whose shares rise and fall with age), sex,
#               hours worked (40 in 45 % of rows); adult-train.csv the first 6 000 rows, adult-ref.csv
#               the next 3 000, adult-hold.csv the last 3 000.
#   census.csv  30 000 rows x 15: seven label columns of 5 to 41 labels beside age, a sampling weight,
#               years, sex, capital gain and loss (92 % and 95 % zero), hours and income;
#               census-train.csv the first 20 000 rows, census-ref.csv the last 10 000.
# usage: python3 tests/battery/census.py OUT_DIR
import numpy as np, csv, sys

def adult(out):
    r=np.random.default_rng(11); n=12000
    edu_names=['Preschool','1st-4th','5th-6th','7th-8th','9th','10th','11th','12th','HS-grad','Some-college','Assoc-voc','Assoc-acdm','Bachelors','Masters','Prof-school','Doctorate']
    edu_p=np.array([.002,.005,.01,.02,.016,.028,.036,.013,.32,.22,.042,.033,.165,.054,.018,.013]); edu_p/=edu_p.sum()
    age=np.clip(np.round(17+r.gamma(2.2,9.5,n)),17,90).astype(int)
    en=r.choice(16,n,p=edu_p)+1
    sex=np.where(r.random(n)<0.67,'Male','Female')
    ms_names=['Never-married','Married-civ-spouse','Divorced','Widowed','Separated']
    rows=[]
    for i in range(n):
        a=age[i]
        w=np.array([np.exp(-(a-17)/8)*3+0.1, 1.2*np.exp(-((a-45)/15)**2)+0.1, 0.4*np.exp(-((a-50)/12)**2)+0.02, 0.8/(1+np.exp(-(a-68)/5))+0.005, 0.08])
        ms=r.choice(5,p=w/w.sum())
        hours=40 if r.random()<0.45 else int(np.clip(np.round(r.normal(40+3*(sex[i]=='Male')+0.8*(en[i]-9),11)),1,99))
        rows.append((a,edu_names[en[i]-1],en[i],ms_names[ms],sex[i],hours))
    with open(f'{out}/adult.csv','w',newline='') as f:
        w=csv.writer(f); w.writerow(['age','education','education_num','marital_status','sex','hours_per_week']); w.writerows(rows)

def census(out):
    r=np.random.default_rng(12); n=30000
    edu_names=['Preschool','1st-4th','5th-6th','7th-8th','9th','10th','11th','12th','HS-grad','Some-college','Assoc-voc','Assoc-acdm','Bachelors','Masters','Prof-school','Doctorate']
    edu_p=np.array([.002,.005,.01,.02,.016,.028,.036,.013,.32,.22,.042,.033,.165,.054,.018,.013]); edu_p/=edu_p.sum()
    work=['Private','Self-emp-not-inc','Local-gov','State-gov','Self-emp-inc','Federal-gov','Without-pay']; work_p=np.array([.74,.08,.065,.04,.035,.03,.01]); work_p/=work_p.sum()
    occ=['Prof-specialty','Craft-repair','Exec-managerial','Adm-clerical','Sales','Other-service','Machine-op-inspct','Transport-moving','Handlers-cleaners','Farming-fishing','Tech-support','Protective-serv','Priv-house-serv','Armed-Forces']
    race=['White','Black','Asian-Pac-Islander','Amer-Indian-Eskimo','Other']; race_p=[.855,.096,.031,.01,.008]
    countries=['United-States','Mexico','Philippines','Germany','Canada','Puerto-Rico','El-Salvador','India','Cuba','England','China','Jamaica','South','Italy','Dominican-Republic','Japan','Vietnam','Guatemala','Poland','Columbia','Taiwan','Haiti','Iran','Portugal','Nicaragua','Peru','Greece','France','Ecuador','Ireland','Hong','Cambodia','Trinadad&Tobago','Laos','Thailand','Yugoslavia','Outlying-US','Hungary','Honduras','Scotland','Holand-Netherlands']
    cp=np.r_[0.9,np.full(40,0.1/40)]
    rows=[]
    for i in range(n):
        a=int(min(90,17+round(r.gamma(2.2,9.5)))); en=r.choice(16,p=edu_p)+1; sex='Male' if r.random()<0.67 else 'Female'
        w=np.array([np.exp(-(a-17)/8)*3+0.1, 1.2*np.exp(-((a-45)/15)**2)+0.1, 0.4*np.exp(-((a-50)/12)**2)+0.02, 0.8/(1+np.exp(-(a-68)/5))+0.005, 0.08])
        ms=['Never-married','Married-civ-spouse','Divorced','Widowed','Separated'][r.choice(5,p=w/w.sum())]
        rel=('Husband' if sex=='Male' else 'Wife') if ms=='Married-civ-spouse' else r.choice(['Not-in-family','Own-child','Unmarried','Other-relative'],p=[.45,.3 if a<30 else .05,.2,.05] / np.sum([.45,.3 if a<30 else .05,.2,.05]))
        ow=np.exp(0.25*(en-9)*np.array([1.5,-0.5,1.2,0.2,0.3,-0.8,-0.8,-0.6,-0.9,-0.5,0.6,0,-1,0]))*np.array([12,12,12,11,11,10,6,5,4,3,3,2,.5,.03]); o=occ[r.choice(14,p=ow/ow.sum())]
        hours=40 if r.random()<0.45 else int(np.clip(round(r.normal(40+3*(sex=='Male')+0.8*(en-9),11)),1,99))
        logit=-6+0.6*(en-9)*0.5+0.04*(a-17)-0.0006*(a-45)**2*10/10+0.03*(hours-40)+(1.2 if ms=='Married-civ-spouse' else 0)
        inc='>50K' if r.random()<1/(1+np.exp(-(logit+3))) else '<=50K'
        cg=0 if r.random()<0.92 else int(round(np.exp(r.normal(8.5,1.0)))); cl=0 if r.random()<0.95 else int(round(r.normal(1900,300)))
        fnl=int(round(np.exp(r.normal(12.0,0.5))))
        rows.append((a,work[r.choice(7,p=work_p)],fnl,edu_names[en-1],en,ms,o,rel,race[r.choice(5,p=race_p)],sex,cg,cl,hours,countries[r.choice(41,p=cp)],inc))
    with open(f'{out}/census.csv','w',newline='') as f:
        wr=csv.writer(f); wr.writerow(['age','workclass','fnlwgt','education','education_num','marital_status','occupation','relationship','race','sex','capital_gain','capital_loss','hours_per_week','native_country','income']); wr.writerows(rows)

def splits(out, name, parts, end):
    # The splits the measurements used, byte for byte: adult's written with \n, census's cut with head and tail (\r\n, as csv writes)
    lines = open(f'{out}/{name}.csv', newline='').read().splitlines()
    for part, a, b in parts:
        with open(f'{out}/{name}-{part}.csv', 'w', newline='') as f: f.write(end.join([lines[0]] + lines[1 + a:1 + b]) + end)

if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else '.'
    adult(out); splits(out, 'adult', [('train', 0, 6000), ('ref', 6000, 9000), ('hold', 9000, 12000)], '\n')
    census(out); splits(out, 'census', [('train', 0, 20000), ('ref', 20000, 30000)], '\r\n')
