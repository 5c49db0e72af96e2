# Data unlike the suite's, made with numpy (seed 7): each set split 50/25/25 into train, reference and
# held-out rows, and whole as NAME.csv with a header line. tests/battery/run.sh fits, samples and
# evaluates the splits; `scorestream bench-quality --data DIR/NAME.csv,...` judges the whole sets on
# its own random splits beside EM (QUALITY.md, "Data nobody here made" and "The battery beside EM").
# usage: python3 tests/battery/make.py OUT_DIR
import numpy as np, os
import sys
rng=np.random.default_rng(7); out=sys.argv[1] if len(sys.argv) > 1 else '.'
def save(name,X):
    X=np.asarray(X,float); rng.shuffle(X)
    np.savetxt(f'{out}/{name}.csv',X,delimiter=',',fmt='%.10g',header=','.join(f'c{j+1}' for j in range(X.shape[1])),comments='')
    n=len(X); a,b=n//2,3*n//4
    for part,Y in (('train',X[:a]),('ref',X[a:b]),('hold',X[b:])):
        np.savetxt(f'{out}/{name}-{part}.csv',Y,delimiter=',',fmt='%.10g')
N=6000
z=rng.integers(0,2,N); c=np.where(z[:,None]==1, rng.normal([2,0,1],[0.5,1,0.3],(N,3)), rng.normal([-1,1,0],[1,0.3,0.5],(N,3)))
binary=(rng.random(N)< np.where(z==1,0.8,0.2)).astype(int); cnt=rng.poisson(np.where(z==1,3,0.5))
save('mixed',np.c_[c,binary,cnt])
L=rng.multivariate_normal(np.zeros(4),[[1,.6,.3,0],[.6,1,.2,0],[.3,.2,1,.5],[0,0,.5,1]],N); save('lognormal',np.exp(L*[1,1.5,0.5,2]))
T=rng.standard_t(2,(N,3))@np.array([[1,.5,0],[0,1,.3],[0,0,1]]); save('student2',T)
g=np.r_[rng.normal([0,0],.5,(N//2,2)),rng.normal([3,3],.5,(N//2,2))]; save('constcol',np.c_[g,np.full(len(g),4.25)])
save('scales',np.c_[g[:,0]*1e6+5e6,g[:,1]*1e-6])
k=3; mu=rng.normal(0,3,(k,30)); lab=rng.integers(0,k,400); save('d30small',mu[lab]+rng.normal(0,1,(400,30)))
save('tiny',rng.normal(0,1,(30,2)))
save('uniform5',rng.random((N,5)))
base=rng.normal(0,1,(50,3)); save('dupes',base[rng.integers(0,50,3000)])
cat1=rng.integers(0,3,N); cat2=(cat1+rng.integers(0,2,N))%3; save('categ',np.c_[cat1,cat2,rng.normal(cat1-cat2,0.3)])
g3=np.r_[rng.normal([0,0,1],.5,(N//2,3)),rng.normal([3,3,0],.7,(N//2,3))]
save('collinear',np.c_[g3,g3[:,0]+g3[:,1]])
save('dupcol',np.c_[g3,g3[:,2]])
# Added 2026-12-02 (after the sets above, so that their rows are unchanged):
c50=rng.uniform(-20,20,(50,2)); lab=rng.integers(0,50,8000)
save('many50',c50[lab]+0.3*rng.normal(size=(8000,2)))          # 50 round components in 2-D
c5=rng.normal(0,3,(5,128)); lab=rng.integers(0,5,3000)
save('hd128',c5[lab]+rng.normal(size=(3000,128)))               # 5 components in 128-D
save('counts',rng.poisson([0.5,2,10,50,200,1000],(5000,6)))     # integer counts from 0.5 to 1000 on average
save('beta',np.c_[rng.beta(0.5,0.5,4000),rng.beta(5,1,4000),rng.uniform(0,1,4000)])   # bounded in [0, 1], mass piled at the ends
save('wide',rng.normal(0,1,(120,60)))                           # fewer rows than twice the dimension
# Added 2026-12-02, evening: odd inputs and two larger sets, each from a generator of its own and
# written whole only (judge them with `bench-quality --data DIR/NAME.csv,...`; QUALITY.md, "Odd
# inputs and larger sets beside EM").
def whole(name,X,fmt):
    X=np.asarray(X,float)
    np.savetxt(f'{out}/{name}.csv',X,delimiter=',',fmt=fmt,header=','.join(f'c{j+1}' for j in range(X.shape[1])),comments='')
odd=np.random.default_rng(5)
whole('one',np.r_[odd.normal(-2,0.5,1000),odd.normal(2,1,1000)][:,None],'%.8g')              # one column, two modes
whole('d300',odd.normal(0,1,(600,5))@odd.normal(0,1,(5,300))+0.1*odd.normal(size=(600,300)),'%.8g')   # 600 rows near a 5-D subspace of 300-D
whole('n50',odd.normal(0,1,(50,3)),'%.8g')                                                    # 50 rows
whole('bigsmall',np.c_[odd.normal(1e12,1e10,3000),odd.normal(0,1e-9,3000),odd.normal(0,1,3000)],'%.8g')   # scales 1e12 and 1e-9
z=odd.integers(0,3,4000); P=odd.random((3,10)); whole('binary',(odd.random((4000,10))<P[z]).astype(int),'%d')  # ten 0/1 columns, 3 classes
whole('idcol',np.c_[np.arange(1,3001),odd.normal(0,1,3000),odd.exponential(1,3000)],'%.8g')  # a row number as a column
L=odd.normal(0,1,(3000,3)); whole('rank3',L@odd.normal(0,1,(3,20)),'%.8g')                    # 20 columns of rank 3
B=odd.normal(0,1,(1500,4)); whole('twice',np.r_[B,B],'%.8g')                                  # every row twice
whole('lognorm_heavy',np.exp(odd.normal(0,3,(4000,3))),'%.8g')                               # log-normal, σ = 3
whole('cauchy',odd.standard_cauchy((4000,2)),'%.8g')                                          # Cauchy
large=np.random.default_rng(11)
k=6; mu=large.normal(0,4,(k,8)); A=[large.normal(0,1,(8,8))*0.5 for _ in range(k)]
lab=large.integers(0,k,200000); Z=large.normal(size=(200000,8))
whole('big8',np.stack([Z[i]@A[lab[i]] for i in range(len(lab))])+mu[lab],'%.6g')             # 200 000 rows, 6 full-covariance components in 8-D
W=large.normal(0,1,(10,100)); c=large.normal(0,2,(10,10)); lab=large.integers(0,10,20000)
whole('emb100',(c[lab]+large.normal(0,0.5,(20000,10)))@W+0.3*large.normal(size=(20000,100)),'%.6g')   # 20 000 embeddings: 10 clusters on a 10-D subspace of 100-D
shapes=np.random.default_rng(21)   # classic shapes of 6 000 rows (QUALITY.md, "Classic shapes beside EM")
x=shapes.uniform(0,4,(24000,2)); keep=((np.floor(x[:,0])+np.floor(x[:,1]))%2==0); whole('checker',x[keep][:6000],'%.8g')   # uniform on a 4×4 board's dark squares
t=shapes.uniform(0,np.pi,6000); lab=shapes.integers(0,2,6000)
whole('moons',np.where(lab[:,None]==0,np.c_[np.cos(t),np.sin(t)],np.c_[1-np.cos(t),0.5-np.sin(t)])+0.08*shapes.normal(size=(6000,2)),'%.8g')   # two moons
t=1.5*np.pi*(1+2*shapes.random(6000)); h=21*shapes.random(6000)
whole('swissroll',np.c_[t*np.cos(t),h,t*np.sin(t)]+0.3*shapes.normal(size=(6000,3)),'%.8g')   # a rolled sheet in 3-D
x=shapes.normal(0,1,6000); whole('banana',np.c_[x,x**2+0.3*shapes.normal(size=6000)],'%.8g')  # y = x² + noise
g=np.array([(i,j) for i in range(-2,3) for j in range(-2,3)],float); lab=shapes.integers(0,25,6000)
whole('grid25',g[lab]+0.05*shapes.normal(size=(6000,2)),'%.8g')                              # 25 tight Gaussians on a grid
# Added 2026-12-03: an event log as a service writes it (QUALITY.md, "Quantile maps judged against
# the rule's own mix"): Unix seconds over a month, latitude and longitude with six decimals, a
# price in cents; written with its own names and each column's own decimals.
ev=np.random.default_rng(3); n=3000
with open(f'{out}/events.csv','w') as f:
    f.write('ts,lat,lon,price\n')
    for r in zip(1700000000+np.sort(ev.uniform(0,86400*30,n)).round(0),ev.normal(48.85,0.05,n),ev.normal(2.35,0.08,n),np.exp(ev.normal(3,1,n))):
        f.write(f'{int(r[0])},{r[1]:.6f},{r[2]:.6f},{r[3]:.2f}\n')
# Added 2026-12-03: four more shapes of 4 000 rows, each written whole with its own names and
# decimals (QUALITY.md, "Probes of 2026-12-03"): proportions that sum to one, a 10-D Student t
# (ν = 3) with correlated columns, a Poisson count whose mean grows with x, and wind (a direction
# in degrees from two von Mises components, a Weibull speed).
pr=np.random.default_rng(17); n=4000
def named(name,X,fmt,names):
    np.savetxt(f'{out}/{name}.csv',X,delimiter=',',fmt=fmt,header=','.join(names),comments='')
named('dirichlet4',pr.dirichlet([2,5,1,0.7],n),'%.6f',['a','b','c','d'])
C=np.corrcoef(pr.normal(size=(10,30))); z=pr.normal(size=(n,10))@np.linalg.cholesky(C).T; g=pr.chisquare(3,n)/3
named('t10corr',z/np.sqrt(g)[:,None],'%.6g',[f'r{i}' for i in range(10)])
x=pr.normal(size=n); named('poisreg',np.c_[x,pr.poisson(np.exp(1+x)),x+0.3*pr.normal(size=n)],['%.5f','%d','%.5f'],['x','count','x2'])
comp=pr.integers(0,2,n); dirn=np.where(comp==0,pr.vonmises(np.pi/4,4,n),pr.vonmises(np.pi,8,n))
named('wind',np.c_[np.degrees(dirn)%360,pr.weibull(2,n)*np.where(comp==0,8,4)],['%.1f','%.2f'],['direction','speed'])
# Added 2026-12-04 (QUALITY.md, "Five more synthetic families beside EM"): 15 000 rows each, from a
# generator of their own: 12 full-covariance components in 32-D, 50 components in 8-D, a tight
# cluster inside a broad one, a rotated banana in 10-D and a correlated log-normal.
fam=np.random.default_rng(46)
def randcov(d,lo,hi):
    q,_=np.linalg.qr(fam.normal(size=(d,d))); ev=np.exp(fam.uniform(np.log(lo),np.log(hi),d)); return (q*ev)@q.T
def mixture(n,means,covs,w):
    z=fam.choice(len(w),n,p=w); X=np.empty((n,means.shape[1]))
    for c in range(len(w)):
        idx=np.where(z==c)[0]; X[idx]=fam.multivariate_normal(means[c],covs[c],size=len(idx))
    return X
m=fam.normal(0,2.0,(12,32)); C=[randcov(32,0.05,2.0) for _ in range(12)]
whole('full32',mixture(15000,m,C,fam.dirichlet(np.full(12,3.0))),'%.6g')
m=fam.normal(0,4.0,(50,8)); C=[randcov(8,0.02,1.0)*fam.uniform(0.3,2) for _ in range(50)]
whole('many50x8',mixture(15000,m,C,fam.dirichlet(np.full(50,2.0))),'%.6g')
m=np.zeros((3,6)); m[1,0]=3; m[2,1]=-2
whole('scales6',mixture(15000,m,[np.eye(6)*25,randcov(6,0.01,0.1),randcov(6,0.05,0.5)],np.array([0.3,0.4,0.3])),'%.6g')
z=fam.normal(size=(15000,10)); z[:,1]=0.5*z[:,0]**2+0.3*z[:,1]; z[:,2:]*=0.5
q,_=np.linalg.qr(fam.normal(size=(10,10))); whole('banana10',z@q.T,'%.6g')
L=np.linalg.cholesky(randcov(5,0.2,1.5)); whole('lognorm5',np.exp(fam.normal(size=(15000,5))@L.T),'%.6g')
# Added 2026-12-05 (QUALITY.md, "One-hot categories"): a covertype-like table of 12 000 rows, ten
# integer measurements (skewed distances, an angle, shade indices bounded at 254), a category of
# four written one-hot, one of twenty written one-hot whose law depends on the first, and a class.
def covertype(rng,n,soils,name):
    # Each area's own soils take 60 % of its rows (soils/4 of them), the rest share 40 %.
    wild=rng.choice(4,size=n,p=[.45,.05,.43,.07]); own=soils//4
    P=np.array([np.roll(np.r_[np.full(own,.6/own),np.full(soils-own,.4/(soils-own))],own*w) for w in range(4)])
    soil=np.array([rng.choice(soils,p=P[w]) for w in wild])
    elev=np.round(2000+600*wild+rng.normal(0,250,n)+(600/soils)*soil); aspect=rng.integers(0,360,n)
    slope=np.clip(np.round(rng.gamma(3,4,n)),0,66); hdist=np.round(rng.exponential(250,n))
    vdist=np.round(rng.normal(0.2,0.25,n)*hdist+rng.normal(0,20,n)); road=np.round(rng.gamma(2,1200,n))
    sh9=np.clip(np.round(220-0.3*slope+rng.normal(0,20,n)),0,254); sh12=np.clip(np.round(225+rng.normal(0,15,n)),0,254)
    sh3=np.clip(np.round(140+0.5*(sh9-220)+rng.normal(0,35,n)),0,254); fire=np.round(rng.gamma(2,900,n))
    cls=np.clip(np.round((elev-2000)/400+rng.normal(0,0.8,n)),1,7)
    named(name,np.column_stack([elev,aspect,slope,hdist,vdist,road,sh9,sh12,sh3,fire,np.eye(4)[wild],np.eye(soils)[soil],cls]),'%d',
          ['elevation','aspect','slope','h_hydro','v_hydro','h_road','shade9','shade12','shade3','h_fire']+[f'wild{i+1}' for i in range(4)]+[f'soil{i+1}' for i in range(soils)]+['cover'])
covertype(np.random.default_rng(7),12000,20,'cover')
# Added 2026-12-05 (QUALITY.md, "One-hot categories as one column of labels"): covertype's own width, 20 000 rows of
# the same ten measurements, four areas and forty soil types one-hot (55 columns); and a pandas-2 style table whose
# dummy columns are written False/True; and SSA-like births by day (year, month, day, day of the week, births).
cw=np.random.default_rng(11)
covertype(cw,20000,40,'cover40')
k=cw.choice(5,size=6000,p=[.35,.25,.2,.15,.05]); x=cw.normal(k*1.0,0.7); y=cw.gamma(2,1+k*0.2)
with open(f'{out}/booldummies.csv','w') as f:
    f.write('x,y,'+','.join(f'color_{c}' for c in ['blue','green','red','teal','white'])+'\n')
    for i in range(len(k)): f.write(f'{x[i]:.3f},{y[i]:.3f},'+','.join('True' if k[i]==j else 'False' for j in range(5))+'\n')
import datetime
with open(f'{out}/birthsdays.csv','w') as f:
    f.write('year,month,date_of_month,day_of_week,births\n')
    d=datetime.date(2000,1,1)
    while d.year<2010:
        w=d.isoweekday(); f.write(f'{d.year},{d.month},{d.day},{w},{int(round(11000-3000*(w>=6)+300*cw.normal()+200*np.sin(d.timetuple().tm_yday/58)))}\n'); d+=datetime.timedelta(days=1)
